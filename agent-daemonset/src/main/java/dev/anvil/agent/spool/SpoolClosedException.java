package dev.anvil.agent.spool;

/** Thrown by a spool used after {@code close()}, including to producers that were blocked waiting for room. */
public final class SpoolClosedException extends IllegalStateException {

  public SpoolClosedException() {
    super("the report spool is closed");
  }
}
