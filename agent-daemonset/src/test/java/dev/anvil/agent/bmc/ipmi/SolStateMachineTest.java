package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SOL acknowledge and retransmit rules, driven by hand: a fake link records what is sent, time is a number. */
class SolStateMachineTest {

  private static final long RETRY = 500_000_000L;
  private static final int MAX_SENDS = 3;

  /** What the machine sent and delivered. */
  private static final class FakeLink implements SolStateMachine.Sink {
    final List<SolPacket> sent = new ArrayList<>();
    final ByteArrayOutputStream host = new ByteArrayOutputStream();

    @Override
    public void send(SolPacket packet) {
      sent.add(packet);
    }

    @Override
    public void hostOutput(byte[] characters) {
      host.writeBytes(characters);
    }

    SolPacket last() {
      return sent.get(sent.size() - 1);
    }

    String hostText() {
      return host.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private final FakeLink link = new FakeLink();
  private SolStateMachine machine;
  private long now = 1_000_000_000L;

  @BeforeEach
  void startAndAcknowledgeTheSyncPacket() {
    machine = new SolStateMachine(link, 4, RETRY, MAX_SENDS, 16);
    machine.start(now);
    assertThat(link.sent).containsExactly(SolPacket.data(1, new byte[0], 0));
    machine.receive(SolPacket.ack(1, 0), now);
    link.sent.clear();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private int offer(String text) {
    var bytes = ascii(text);
    return machine.offer(bytes, 0, bytes.length, now);
  }

  private static String text(SolPacket packet) {
    return new String(packet.data(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void inputGoesOutInPacketsOfTheBmcsSizeOneAtATimeEachAfterTheLastWasAcknowledged() {
    offer("abcdefghij");

    assertThat(link.sent).containsExactly(SolPacket.data(2, ascii("abcd"), 0));
    machine.receive(SolPacket.ack(2, 4), now);
    assertThat(link.last()).isEqualTo(SolPacket.data(3, ascii("efgh"), 0));
    machine.receive(SolPacket.ack(3, 4), now);
    assertThat(link.last()).isEqualTo(SolPacket.data(4, ascii("ij"), 0));
    machine.receive(SolPacket.ack(4, 2), now);
    assertThat(link.sent).hasSize(3);
    assertThat(machine.drained()).isTrue();
  }

  @Test
  void anUnacknowledgedPacketIsSentAgainUnderTheSameNumberEachRetryIntervalThenTheSessionIsLost() {
    offer("ab");
    machine.tick(now + RETRY - 1);
    assertThat(link.sent).hasSize(1);

    machine.tick(now + RETRY);
    machine.tick(now + 2 * RETRY);
    assertThat(link.sent).containsOnly(SolPacket.data(2, ascii("ab"), 0)).hasSize(MAX_SENDS);
    assertThat(machine.ended()).isNull();

    machine.tick(now + 3 * RETRY);
    assertThat(link.sent).hasSize(MAX_SENDS);
    assertThat(machine.ended()).isNotNull().satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    assertThat(machine.space()).isZero();
  }

  @Test
  void aRetransmissionAcknowledgedLateIsNotSentTwice() {
    offer("ab");
    machine.tick(now + RETRY);
    machine.receive(SolPacket.ack(2, 2), now + RETRY + 1);
    machine.tick(now + 5 * RETRY);

    assertThat(link.sent).hasSize(2);
    assertThat(machine.ended()).isNull();
    assertThat(machine.drained()).isTrue();
  }

  @Test
  void anAcknowledgementOfAnotherPacketIsNotTakenForOurs() {
    offer("ab");
    machine.receive(SolPacket.ack(9, 2), now);

    assertThat(machine.drained()).isFalse();
    machine.tick(now + RETRY);
    assertThat(link.last()).isEqualTo(SolPacket.data(2, ascii("ab"), 0));
  }

  @Test
  void aPartlyAcceptedPacketHasItsRestSentUnderANewNumberOnceTheBmcIsReadyAgain() {
    offer("abcd");
    machine.receive(new SolPacket(0, 2, 1, SolPacket.NACK, new byte[0]), now);
    assertThat(link.sent).hasSize(1);
    assertThat(machine.nextDeadline()).isEqualTo(now + RETRY);

    // ipmi_sim says its buffer drained with an acknowledgement (no NACK) of the packet it took last
    machine.receive(SolPacket.ack(2, 1), now + 1);

    assertThat(link.last()).isEqualTo(SolPacket.data(3, ascii("bcd"), 0));
  }

  @Test
  void afterANackWithoutWordFromTheBmcTheRestIsProbedAfterTheRetryInterval() {
    offer("abcd");
    machine.receive(new SolPacket(0, 2, 0, SolPacket.NACK | SolPacket.TRANSFER_UNAVAILABLE, new byte[0]), now);
    machine.tick(now + RETRY - 1);
    assertThat(link.sent).hasSize(1);

    machine.tick(now + RETRY);

    assertThat(link.last()).isEqualTo(SolPacket.data(3, ascii("abcd"), 0));
    assertThat(machine.ended()).isNull();
  }

  @Test
  void aNackThatTookEverythingPausesFurtherInputWithoutResendingAnything() {
    offer("abcdefgh");
    machine.receive(new SolPacket(0, 2, 4, SolPacket.NACK, new byte[0]), now);

    assertThat(link.sent).hasSize(1);
    machine.tick(now + RETRY);
    assertThat(link.last()).isEqualTo(SolPacket.data(3, ascii("efgh"), 0));
  }

  @Test
  void hostOutputIsDeliveredOnceAndAcknowledgedWithItsLength() {
    machine.receive(SolPacket.data(5, ascii("login: "), 0), now);

    assertThat(link.hostText()).isEqualTo("login: ");
    assertThat(link.sent).containsExactly(SolPacket.ack(5, 7));
  }

  @Test
  void aRetransmittedHostPacketIsAcknowledgedAgainButNotDeliveredTwice() {
    machine.receive(SolPacket.data(5, ascii("login: "), 0), now);
    machine.receive(SolPacket.data(5, ascii("login: "), 0), now + RETRY);
    machine.receive(SolPacket.data(6, ascii("x"), 0), now + RETRY);

    assertThat(link.hostText()).isEqualTo("login: x");
    assertThat(link.sent).containsExactly(SolPacket.ack(5, 7), SolPacket.ack(5, 7), SolPacket.ack(6, 1));
  }

  @Test
  void aPacketThatAcknowledgesOursAndCarriesHostOutputDoesBoth() {
    offer("ab");
    machine.receive(new SolPacket(7, 2, 2, 0, ascii("echo:ab")), now);

    assertThat(machine.drained()).isTrue();
    assertThat(link.hostText()).isEqualTo("echo:ab");
    assertThat(link.last()).isEqualTo(SolPacket.ack(7, 7));
  }

  @Test
  void theBmcDeactivatingEndsTheSession() {
    machine.receive(new SolPacket(0, 0, 0, SolPacket.DEACTIVATING, new byte[0]), now);

    assertThat(machine.ended()).isNotNull().satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
    assertThat(offer("ab")).isZero();
    assertThat(link.sent).isEmpty();
  }

  @Test
  void overrunsAreCounted() {
    machine.receive(new SolPacket(3, 0, 0, SolPacket.TRANSMIT_OVERRUN, ascii("x")), now);

    assertThat(machine.overruns()).isEqualTo(1);
  }

  @Test
  void theInputBufferIsBoundedAndFreedAsPacketsGoOut() {
    assertThat(offer("0123456789abcdefXYZ")).isEqualTo(16);
    // the first packet left the buffer when it was sent
    assertThat(machine.space()).isEqualTo(4);

    machine.receive(SolPacket.ack(2, 4), now);

    assertThat(machine.space()).isEqualTo(8);
    assertThat(text(link.last())).isEqualTo("4567");
  }

  @Test
  void sequenceNumbersWrapFromFifteenToOne() {
    for (int i = 0; i < 16; i++) {
      offer("z");
      machine.receive(SolPacket.ack(link.last().sequence(), 1), now);
    }

    assertThat(link.sent).extracting(SolPacket::sequence).containsSequence(14, 15, 1, 2);
  }
}
