package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How SolSession reads the BMC's answers to Activate and Deactivate Payload, against a scripted BMC. */
class SolActivationTest {

  private static final int ACTIVATE = 0x48;
  private static final int DEACTIVATE = 0x49;

  /** Activate Payload answered with this completion code alone; every command is recorded. */
  private static ScriptedBmc.Script refusing(int completionCode, List<Integer> commands) {
    return (netFn, command, data) -> {
      commands.add(command);
      return command == ACTIVATE ? new byte[] {(byte) completionCode} : new byte[] {0};
    };
  }

  private static BmcException activationFailure(int completionCode, SolSession.Options options,
      List<Integer> commands) throws BmcException {
    try (var bmc = ScriptedBmc.start().script(refusing(completionCode, commands))) {
      var session = bmc.session();
      try {
        SolSession.activate(session, options, new SolConsole()).close();
        throw new AssertionError("activation succeeded");
      } catch (BmcException e) {
        return e;
      }
    }
  }

  @Test
  void payloadAlreadyActiveIsRefusedNamingTakeOver() throws BmcException {
    var commands = new CopyOnWriteArrayList<Integer>();
    var e = activationFailure(0x80, SolSession.Options.defaults(), commands);

    assertThat(e.kind()).isEqualTo(Kind.REJECTED);
    assertThat(e).hasMessageContaining("already active in another session").hasMessageContaining("takeOver");
    assertThat(commands).containsExactly(ACTIVATE);
  }

  @Test
  void takeOverDeactivatesTheOtherSessionsPayloadFirst() throws BmcException {
    var commands = new CopyOnWriteArrayList<Integer>();
    activationFailure(0x80, SolSession.Options.defaults().withTakeOver(true), commands);

    assertThat(commands).containsExactly(DEACTIVATE, ACTIVATE);
  }

  @Test
  void aDisabledPayloadAndRefusedEncryptionAreUnsupported() throws BmcException {
    assertThat(activationFailure(0x81, SolSession.Options.defaults(), new CopyOnWriteArrayList<>()))
        .hasMessageContaining("disabled").satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED));
    assertThat(activationFailure(0x83, SolSession.Options.defaults(), new CopyOnWriteArrayList<>()))
        .hasMessageContaining("encrypted").satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED));
    assertThat(activationFailure(0xc1, SolSession.Options.defaults(), new CopyOnWriteArrayList<>()))
        .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED));
  }

  @Test
  void aShortActivationAnswerIsAProtocolError() throws BmcException {
    try (var bmc = ScriptedBmc.start().script((netFn, command, data) -> new byte[] {0, 0, 0, 0, 0, 32})) {
      assertThatThrownBy(() -> SolSession.activate(bmc.session(), SolSession.Options.defaults(), new SolConsole()))
          .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
    }
  }

  @Test
  void solOnAnotherUdpPortIsUnsupportedAndDeactivatedAgain() throws BmcException {
    var commands = new CopyOnWriteArrayList<Integer>();
    // aux (4), inbound size 32, outbound size 16384, port 624 (the link's port is an ephemeral one), VLAN none
    var answer = new byte[] {0, 0, 0, 0, 0, 32, 0, 0x00, 0x40, 0x70, 0x02, (byte) 0xff, (byte) 0xff};
    try (var bmc = ScriptedBmc.start().script((netFn, command, data) -> {
      commands.add(command);
      return command == ACTIVATE ? answer : new byte[] {0};
    })) {
      assertThatThrownBy(() -> SolSession.activate(bmc.session(), SolSession.Options.defaults(), new SolConsole()))
          .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED))
          .hasMessageContaining("another UDP port (624)");
      assertThat(commands).containsExactly(ACTIVATE, DEACTIVATE);
    }
  }
}
