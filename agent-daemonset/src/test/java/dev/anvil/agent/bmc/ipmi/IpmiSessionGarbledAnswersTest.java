package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A BMC that answers junk, cut datagrams or nothing makes a call fail as PROTOCOL or UNREACHABLE within the
 * endpoint's timeout (twice that when the session is logged into again), and the session is usable afterwards.
 */
@Timeout(20)
class IpmiSessionGarbledAnswersTest {

  private static final Duration TIMEOUT = Duration.ofMillis(600);
  /**
   * Slack for a loaded machine (2 shared CPUs) on top of what the client promises; whether a failing call logged in
   * again is checked by counting logins rather than by time.
   */
  private static final Duration SLACK = Duration.ofMillis(1000);
  private final Random random = new Random(MalformedBytes.SEED);
  private final AtomicInteger chassisControls = new AtomicInteger();
  private ScriptedBmc bmc;
  private IpmiSession session;

  @BeforeEach
  void login() throws BmcException {
    bmc = ScriptedBmc.start().script((netFn, command, data) -> {
      if (netFn == IpmiRequest.NETFN_CHASSIS && command == 0x02) {
        chassisControls.incrementAndGet();
      }
      return new byte[] {0, 0x01, 0, 0};
    });
    session = bmc.login(TIMEOUT);
  }

  @AfterEach
  void close() {
    session.close();
    bmc.close();
  }

  @Test
  void junkFailsAsProtocolWithinTheTimeoutAndTheSessionStaysUsable() throws Exception {
    int logins = bmc.logins();
    bmc.wire(datagram -> List.of(junk(1 + random.nextInt(200))));
    assertFailsWithin(TIMEOUT, Kind.PROTOCOL, "the BMC sent");
    assertUsableWithoutNewLogin(logins);
  }

  @Test
  void cutDatagramsFailAsProtocolWithinTheTimeoutAndTheSessionStaysUsable() throws Exception {
    int logins = bmc.logins();
    // nothing, the session header only, into the integrity trailer, short of the AuthCode's last byte
    for (int keep : new int[] {0, 16, -13, -1}) {
      bmc.wire(datagram -> List.of(Arrays.copyOf(datagram, keep >= 0 ? keep : datagram.length + keep)));
      assertFailsWithin(TIMEOUT, Kind.PROTOCOL, "the BMC sent");
      assertUsableWithoutNewLogin(logins);
    }
  }

  @Test
  void aFloodOfJunkStillEndsWithinTheTimeout() throws Exception {
    int logins = bmc.logins();
    bmc.wire(datagram -> {
      var flood = new ArrayList<byte[]>();
      for (int i = 0; i < 300; i++) {
        flood.add(junk(1 + random.nextInt(100)));
      }
      return flood;
    });
    assertFailsWithin(TIMEOUT, Kind.PROTOCOL, "the BMC sent");
    assertUsableWithoutNewLogin(logins);
  }

  @Test
  void junkBeforeTheRealAnswerDoesNotHideIt() throws Exception {
    bmc.wire(datagram -> List.of(junk(30), Arrays.copyOf(datagram, 20), datagram));
    assertThat(ChassisPower.read(session)).isEqualTo(PowerStatus.On);
  }

  @Test
  void silenceFailsAsUnreachableAfterOneLoginAndTheNextCallLogsInAgain() throws Exception {
    bmc.wire(datagram -> List.of());
    assertFailsWithin(TIMEOUT.multipliedBy(2), Kind.UNREACHABLE, "no answer from the BMC");

    bmc.wireIntact();
    int logins = bmc.logins();
    assertThat(ChassisPower.read(session)).isEqualTo(PowerStatus.On);
    assertThat(bmc.logins()).isEqualTo(logins + 1);
  }

  @Test
  void aLoginAnsweredWithJunkFailsAsProtocolWithinTheTimeout() {
    bmc.wire(datagram -> List.of(junk(40)));
    assertFailsWithin(TIMEOUT, Kind.PROTOCOL, "the BMC sent", () -> bmc.login(TIMEOUT).close());
  }

  /**
   * A login whose Set Session Privilege Level fails (here: node busy, as a BMC still starting answers) must not be
   * kept, or every later Chassis Control would be refused for want of privilege.
   */
  @Test
  void aLoginThatDidNotGetItsPrivilegeIsRedoneOnTheNextCall() throws Exception {
    bmc.forgetSession();
    bmc.refusePrivilege(new byte[] {(byte) 0xc0});
    assertFailsWithin(TIMEOUT.multipliedBy(2), Kind.REJECTED, "node busy");

    bmc.refusePrivilege(null);
    int logins = bmc.logins();
    ChassisPower.control(session, ResetAction.On);
    assertThat(chassisControls).hasValue(1);
    assertThat(bmc.logins()).isEqualTo(logins + 1);
  }

  @Test
  void aPowerCycleAnsweredWithJunkOrNothingFailsWithinTheTimeoutAndIsSentOnce() throws Exception {
    bmc.wire(datagram -> List.of(junk(datagram.length)));
    assertFailsWithin(TIMEOUT, Kind.PROTOCOL, "the BMC sent",
        () -> ChassisPower.control(session, ResetAction.PowerCycle));
    assertThat(chassisControls).hasValue(1);

    bmc.wire(datagram -> List.of());
    assertFailsWithin(TIMEOUT, Kind.UNREACHABLE, "may or may not have been carried out",
        () -> ChassisPower.control(session, ResetAction.PowerCycle));
    assertThat(chassisControls).hasValue(2);
  }

  private byte[] junk(int length) {
    var junk = new byte[length];
    random.nextBytes(junk);
    return junk;
  }

  /** A Get Chassis Status fails with the kind and a message containing the text, within the budget. */
  private void assertFailsWithin(Duration budget, Kind kind, String text) {
    assertFailsWithin(budget, kind, text, () -> ChassisPower.read(session));
  }

  private static void assertFailsWithin(Duration budget, Kind kind, String text, ThrowingCallable call) {
    long started = System.nanoTime();
    var thrown = catchThrowable(call);
    var took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(thrown).isInstanceOf(BmcException.class).hasMessageContaining(text);
    assertThat(((BmcException) thrown).kind()).isEqualTo(kind);
    assertThat(took).isLessThan(budget.plus(SLACK));
  }

  /** With the wire mended, the same session answers, and no login happened since the count was taken. */
  private void assertUsableWithoutNewLogin(int logins) throws BmcException {
    bmc.wireIntact();
    assertThat(ChassisPower.read(session)).isEqualTo(PowerStatus.On);
    assertThat(bmc.logins()).as("logins").isEqualTo(logins);
  }
}
