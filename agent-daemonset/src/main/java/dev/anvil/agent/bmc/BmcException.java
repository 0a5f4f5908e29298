package dev.anvil.agent.bmc;

/**
 * A BMC operation that failed, with what kind of failure it was so the operator can name it in a condition. The
 * message is written for a person and never contains a credential (nor a URL with userinfo, nor a request body).
 */
public final class BmcException extends Exception {

  /** What went wrong, from the operator's point of view. */
  public enum Kind {
    /** No answer: connection refused, timeout, DNS, packets lost after every retransmission. */
    UNREACHABLE,
    /** The BMC rejected the credentials (HTTP 401 after a fresh login, RAKP failure). */
    AUTH_FAILED,
    /** The BMC answered but the certificate did not verify (and the host did not opt out). */
    TLS,
    /** The BMC does not offer the action or value (not in its allowable values, IPMI completion code 0xC1). */
    UNSUPPORTED,
    /** The BMC refused the request (HTTP 4xx/5xx other than 401, IPMI completion code other than 0). */
    REJECTED,
    /** The BMC's answer could not be understood (bad JSON, a malformed IPMI packet). */
    PROTOCOL
  }

  private final Kind kind;

  public BmcException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public BmcException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
