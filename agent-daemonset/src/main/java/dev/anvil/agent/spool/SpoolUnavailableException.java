package dev.anvil.agent.spool;

/** A Redis-backed spool lost its connection or Redis refused a write; the spool is unusable and must be reopened. */
public final class SpoolUnavailableException extends RuntimeException {

  public SpoolUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
