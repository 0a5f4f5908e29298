package dev.anvil.agent.spool;

/**
 * Where numbering starts when a spool has nothing to continue from (no local Redis, or one that lost its data):
 * above every number an earlier run of the agent can have used, so the hub never drops a new report as a duplicate.
 */
public final class SequenceOrigin {

  /** Room for 1,000 reports per millisecond, sustained since the previous origin, before numbers could meet. */
  private static final long PER_MILLISECOND = 1_000;

  private SequenceOrigin() {}

  /** Wall-clock milliseconds × 1,000: about 1.8e15 today, exact as a Lua number (below 2^53) for another 100 years. */
  public static long now() {
    return System.currentTimeMillis() * PER_MILLISECOND;
  }
}
