package dev.anvil.apiserver.logs;

/**
 * A request the log route refuses, answered as a Kubernetes {@code Status} so kubectl and client libraries show the
 * message as they show the API server's own.
 */
public final class StatusException extends RuntimeException {

  private final int code;
  private final String reason;
  private final String name;

  private StatusException(int code, String reason, String name, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.name = name;
  }

  /** 404: no such Job, or no such attempt of it. */
  public static StatusException notFound(String name, String message) {
    return new StatusException(404, "NotFound", name, message);
  }

  /** 400: a query parameter kubectl would not send. */
  public static StatusException badRequest(String name, String message) {
    return new StatusException(400, "BadRequest", name, message);
  }

  /** 503: a store the route needs is unreachable; the client may retry. */
  public static StatusException unavailable(String message) {
    return new StatusException(503, "ServiceUnavailable", null, message);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public String name() {
    return name;
  }
}
