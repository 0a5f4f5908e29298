package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Arrays;

/**
 * One Serial over LAN payload (payload type 1, IPMI 2.0 section 15.9): a data packet, an acknowledgement, or both.
 *
 * @param sequence the packet sequence number 1-15, or 0 for an acknowledgement only (no character data)
 * @param ackSequence the sequence number of the packet acknowledged or refused, or 0 for none
 * @param acceptedCount how many characters of the acknowledged packet were accepted
 * @param status the operation byte (console to BMC) or status byte (BMC to console)
 * @param data the character data (empty in an acknowledgement only)
 */
record SolPacket(int sequence, int ackSequence, int acceptedCount, int status, byte[] data) {

  /** Status and operation bit 6: the acknowledged packet was refused, or only partly accepted. */
  static final int NACK = 0x40;
  /** Status bit 5 (BMC to console): characters cannot be transferred now (SOL or the serial port unavailable). */
  static final int TRANSFER_UNAVAILABLE = 0x20;
  /** Status bit 4 (BMC to console): the BMC is deactivating SOL; nothing more will be accepted. */
  static final int DEACTIVATING = 0x10;
  /** Status bit 3 (BMC to console): the BMC dropped characters from the host since its previous packet. */
  static final int TRANSMIT_OVERRUN = 0x08;
  /** Status bit 2 (BMC to console): the host's serial port saw a break. */
  static final int BREAK_DETECTED = 0x04;
  /** Operation bit 4 (console to BMC): send a break to the host's serial port. */
  static final int GENERATE_BREAK = 0x10;
  /** The highest packet sequence number; numbers run 1-15 and wrap to 1. */
  static final int MAX_SEQUENCE = 15;
  static final int HEADER_LENGTH = 4;

  SolPacket {
    if (sequence < 0 || sequence > MAX_SEQUENCE || ackSequence < 0 || ackSequence > MAX_SEQUENCE) {
      throw new IllegalArgumentException("SOL sequence numbers are 0-15");
    }
    if (acceptedCount < 0 || acceptedCount > 0xff || status < 0 || status > 0xff) {
      throw new IllegalArgumentException("SOL accepted count and status are single bytes");
    }
    if (sequence == 0 && data.length > 0) {
      throw new IllegalArgumentException("an acknowledgement-only SOL packet (sequence 0) carries no data");
    }
  }

  /** Character data under a sequence number, acknowledging nothing. */
  static SolPacket data(int sequence, byte[] data, int operation) {
    return new SolPacket(sequence, 0, 0, operation, data);
  }

  /** An acknowledgement of the given packet with how many of its characters were accepted. */
  static SolPacket ack(int ackSequence, int acceptedCount) {
    return new SolPacket(0, ackSequence, acceptedCount, 0, new byte[0]);
  }

  boolean carriesData() {
    return sequence != 0;
  }

  boolean carriesAck() {
    return ackSequence != 0;
  }

  boolean has(int bit) {
    return (status & bit) != 0;
  }

  byte[] encode() {
    var out = new byte[HEADER_LENGTH + data.length];
    out[0] = (byte) sequence;
    out[1] = (byte) ackSequence;
    out[2] = (byte) acceptedCount;
    out[3] = (byte) status;
    System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
    return out;
  }

  /**
   * Reads a payload; the reserved high nibbles of the sequence bytes are ignored. Data in a packet whose sequence
   * number is 0 is ignored too, as the specification says such a packet has no data field. PROTOCOL when it is
   * shorter than the header.
   */
  static SolPacket decode(byte[] payload) throws BmcException {
    if (payload.length < HEADER_LENGTH) {
      throw new BmcException(Kind.PROTOCOL, "the BMC sent a " + payload.length + "-byte SOL packet (the header alone "
          + "is " + HEADER_LENGTH + ")");
    }
    int sequence = payload[0] & 0x0f;
    var data = sequence == 0 ? new byte[0] : Arrays.copyOfRange(payload, HEADER_LENGTH, payload.length);
    return new SolPacket(sequence, payload[1] & 0x0f, payload[2] & 0xff, payload[3] & 0xff, data);
  }

  /** The sequence number after the given one: 1-15, skipping 0. */
  static int next(int sequence) {
    return sequence % MAX_SEQUENCE + 1;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SolPacket p && p.sequence == sequence && p.ackSequence == ackSequence
        && p.acceptedCount == acceptedCount && p.status == status && Arrays.equals(p.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (sequence << 12 | ackSequence << 8 | status) + Arrays.hashCode(data);
  }

  /** Without the characters: what is typed on a console may be a password. */
  @Override
  public String toString() {
    return "SolPacket[seq=" + sequence + ", ack=" + ackSequence + ", accepted=" + acceptedCount + ", status=0x"
        + Integer.toHexString(status) + ", " + data.length + " characters]";
  }
}
