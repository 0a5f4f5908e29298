package dev.anvil.agent.spool;

import java.util.Arrays;

/** One report in the spool: its sequence number (the hub de-duplicates by agent and sequence) and opaque payload. */
public record SpooledReport(long sequence, byte[] payload) {

  @Override
  public boolean equals(Object other) {
    return other instanceof SpooledReport that && sequence == that.sequence && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "SpooledReport[sequence=" + sequence + ", " + payload.length + " bytes]";
  }
}
