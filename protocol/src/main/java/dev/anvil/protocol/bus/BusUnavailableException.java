package dev.anvil.protocol.bus;

/** The central Redis could not be reached, or did not answer in time: what was asked may or may not have happened. */
public final class BusUnavailableException extends RuntimeException {

  public BusUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
