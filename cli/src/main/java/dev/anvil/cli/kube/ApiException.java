package dev.anvil.cli.kube;

/** A request the apiserver refused or could not be sent; the message is what the user reads. */
public final class ApiException extends RuntimeException {

  private final int code;

  public ApiException(int code, String message) {
    super(message);
    this.code = code;
  }

  public ApiException(String message, Throwable cause) {
    super(message, cause);
    this.code = 0;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int code() {
    return code;
  }
}
