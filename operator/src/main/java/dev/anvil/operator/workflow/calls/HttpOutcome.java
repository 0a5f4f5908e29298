package dev.anvil.operator.workflow.calls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one http node attempt ended.
 *
 * @param success true when the status was expected and every result was found
 * @param statusCode the response status, or -1 when no response arrived
 * @param reason why the attempt failed; null on success
 * @param message a short explanation for people: no header values or request body, response snippets truncated
 * @param results the node's results; always holds {@value #STATUS_CODE} (as "-1" when no response arrived)
 */
public record HttpOutcome(boolean success, int statusCode, Reason reason, String message,
    Map<String, String> results) {

  /** The result key holding the response status code. */
  public static final String STATUS_CODE = "statusCode";

  /** Why an attempt failed; the names are the node failure reasons. */
  public enum Reason {
    /** A response arrived with a status outside expectStatus (default: 2xx). */
    UnexpectedStatus,
    /** No connection could be made, TLS failed, or the connection broke before the response was complete. */
    ConnectionFailed,
    /** The exchange, response body included, took longer than the request timeout. */
    Timeout,
    /** A result's jsonPath matched nothing in the response. */
    ResultNotFound,
    /** Results were asked for but the body is not JSON or is larger than the read limit. */
    InvalidResponse
  }

  /** Makes the results unmodifiable. */
  public HttpOutcome {
    results = Map.copyOf(results);
  }

  static HttpOutcome succeeded(int statusCode, Map<String, String> found) {
    var results = new LinkedHashMap<String, String>();
    results.put(STATUS_CODE, Integer.toString(statusCode));
    results.putAll(found);
    return new HttpOutcome(true, statusCode, null, "HTTP " + statusCode, results);
  }

  static HttpOutcome failed(Reason reason, int statusCode, String message) {
    return new HttpOutcome(false, statusCode, reason, message, Map.of(STATUS_CODE, Integer.toString(statusCode)));
  }
}
