package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SolPacketTest {

  @Test
  void aDataPacketIsItsHeaderThenTheCharacters() {
    var packet = SolPacket.data(3, "ls\r".getBytes(StandardCharsets.US_ASCII), SolPacket.GENERATE_BREAK);

    assertThat(packet.encode()).containsExactly(0x03, 0x00, 0x00, 0x10, 'l', 's', '\r');
  }

  @Test
  void anAcknowledgementOnlyPacketHasSequenceZeroAndNoData() {
    assertThat(SolPacket.ack(15, 200).encode()).containsExactly(0x00, 0x0f, 0xc8, 0x00);
  }

  @Test
  void decodeReadsEveryFieldOfAPacketThatBothAcknowledgesAndCarriesData() throws BmcException {
    var packet = SolPacket.decode(new byte[] {0x07, 0x02, 0x1c, 0x48, 'o', 'k'});

    assertThat(packet.sequence()).isEqualTo(7);
    assertThat(packet.ackSequence()).isEqualTo(2);
    assertThat(packet.acceptedCount()).isEqualTo(28);
    assertThat(packet.has(SolPacket.NACK)).isTrue();
    assertThat(packet.has(SolPacket.TRANSMIT_OVERRUN)).isTrue();
    assertThat(packet.has(SolPacket.DEACTIVATING)).isFalse();
    assertThat(packet.data()).containsExactly('o', 'k');
    assertThat(packet.carriesData()).isTrue();
    assertThat(packet.carriesAck()).isTrue();
  }

  @Test
  void encodeAndDecodeAreInverse() throws BmcException {
    var packet = new SolPacket(9, 4, 12, SolPacket.NACK, new byte[] {0, (byte) 0xff, 0x7f});

    assertThat(SolPacket.decode(packet.encode())).isEqualTo(packet);
  }

  @Test
  void reservedHighNibblesAreIgnoredAndDataInAnAckOnlyPacketIsNotTakenForCharacters() throws BmcException {
    var packet = SolPacket.decode(new byte[] {(byte) 0xf0, (byte) 0xa3, 5, 0, 'x'});

    assertThat(packet.sequence()).isZero();
    assertThat(packet.ackSequence()).isEqualTo(3);
    assertThat(packet.data()).isEmpty();
  }

  @Test
  void aPacketShorterThanItsHeaderIsAProtocolError() {
    assertThatThrownBy(() -> SolPacket.decode(new byte[] {1, 0, 0}))
        .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessageContaining("3-byte SOL packet");
  }

  @Test
  void sequenceNumbersRunOneToFifteenAndSkipZero() {
    assertThat(SolPacket.next(1)).isEqualTo(2);
    assertThat(SolPacket.next(15)).isEqualTo(1);
    assertThat(SolPacket.next(0)).isEqualTo(1);
  }

  @Test
  void packetsThatCannotBeSentAreRefused() {
    assertThatThrownBy(() -> new SolPacket(16, 0, 0, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SolPacket(0, 1, 0, 0, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void itsTextNamesNoCharacterAsTypedTextMayBeAPassword() {
    assertThat(SolPacket.data(1, "hunter2".getBytes(StandardCharsets.US_ASCII), 0).toString())
        .doesNotContain("hunter2").doesNotContain("68756e746572").contains("7 characters");
  }
}
