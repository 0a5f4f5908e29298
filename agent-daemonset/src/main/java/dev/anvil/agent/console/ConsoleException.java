package dev.anvil.agent.console;

/** A console stream that could not open, with the reason its ConsoleClosed carries; the message never has a secret. */
final class ConsoleException extends Exception {

  private final CloseReason reason;

  ConsoleException(CloseReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  CloseReason reason() {
    return reason;
  }
}
