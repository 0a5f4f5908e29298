package dev.anvil.agent.bmc.ipmi;

/** Replay protection for the session sequence numbers of the packets the BMC sends (IPMI 2.0 chapter 13). */
final class InboundSequenceWindow {

  private static final int WIDTH = 32;

  private long newest = -1;
  /** Bit i set: newest - i has been accepted. */
  private long seen;

  /** The newest number accepted, or -1 before the first. */
  long newest() {
    return newest;
  }

  /** How many numbers strictly between from and to were never accepted (all of them, when beyond the window). */
  int missingBetween(long from, long to) {
    int missing = 0;
    for (long seq = from + 1; seq < to; seq++) {
      long age = newest - seq;
      if (age < 0 || age >= WIDTH || (seen & 1L << age) == 0) {
        missing++;
      }
    }
    return missing;
  }

  /** Accepts and records the number, or returns false for zero, a replay or one too old to tell. */
  boolean accept(int sequence) {
    long seq = Integer.toUnsignedLong(sequence);
    if (seq == 0) {
      return false;
    }
    if (newest < 0 || seq > newest) {
      long shift = newest < 0 ? WIDTH : seq - newest;
      seen = shift >= WIDTH ? 1 : seen << shift | 1;
      newest = seq;
      return true;
    }
    long age = newest - seq;
    if (age >= WIDTH || (seen & 1L << age) != 0) {
      return false;
    }
    seen |= 1L << age;
    return true;
  }
}
