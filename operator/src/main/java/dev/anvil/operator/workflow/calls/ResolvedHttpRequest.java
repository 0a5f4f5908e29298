package dev.anvil.operator.workflow.calls;

import dev.anvil.crds.v1alpha1.HttpNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One attempt of an http node with every substitution and Secret already resolved, ready for {@link HttpCall}.
 *
 * <p>The constructors reject what cannot be sent with an IllegalArgumentException whose message names the problem
 * without any header value or body, so the caller can fail the node with reason InvalidSpec before anything leaves
 * the operator. {@link #toString()} leaves out header values and the body, which may hold secrets.
 *
 * @param method the request method
 * @param url an absolute http:// or https:// URL
 * @param headers request headers in order; names may repeat
 * @param body the request body sent as UTF-8, or null for none
 * @param timeout how long the whole exchange may take, response body included
 * @param expectStatus status codes that count as success; empty means any 2xx
 * @param results values to take from the JSON response body
 * @param idempotencyKey sent as {@code Idempotency-Key} (replacing a header of that name), conventionally
 *     {@code <workflow uid>-<node>-<attempt>} so a receiver can drop a call re-sent after an operator restart
 */
public record ResolvedHttpRequest(HttpNode.Method method, URI url, List<Header> headers, String body,
    Duration timeout, List<Integer> expectStatus, List<ResultSpec> results, String idempotencyKey) {

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
      "upgrade");

  /** Validates and copies the lists; see the class comment for what is rejected. */
  public ResolvedHttpRequest {
    if (method == null) {
      throw new IllegalArgumentException("http method is required");
    }
    CircuitBreakers.targetOf(url);
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("http timeout must be positive, not " + timeout);
    }
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("idempotency key is required");
    }
    headers = List.copyOf(headers == null ? List.of() : headers);
    for (var header : headers) {
      if (RESTRICTED_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header " + header.name() + " is set by the operator and cannot be given");
      }
    }
    expectStatus = List.copyOf(expectStatus == null ? List.of() : expectStatus);
    for (int status : expectStatus) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("expected status " + status + " is not an HTTP status code (100-599)");
      }
    }
    results = List.copyOf(results == null ? List.of() : results);
  }

  @Override
  public String toString() {
    return "ResolvedHttpRequest[" + method + " " + CircuitBreakers.targetOf(url) + ", headers=" + headers + ", body="
        + (body == null ? "none" : body.length() + " chars") + ", timeout=" + timeout + ", expectStatus="
        + expectStatus + ", results=" + results + "]";
  }

  /** A request header; its value may be a resolved secret and is left out of {@link #toString()}. */
  public record Header(String name, String value) {

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** Rejects a name that is not an HTTP token and a value with a line break or other control character. */
    public Header {
      if (name == null || !TOKEN.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a valid header name");
      }
      if (value == null || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        throw new IllegalArgumentException("the value of header " + name + " is missing or holds control characters");
      }
    }

    @Override
    public String toString() {
      return name + ": <redacted>";
    }
  }

  /**
   * A result to take from the response: {@code name} becomes the result key, {@code jsonPath} selects the value.
   * The key {@code statusCode} is reserved for the status code.
   */
  public record ResultSpec(String name, String jsonPath) {

    /** Rejects a missing or reserved name and a malformed path (the message says what is wrong with it). */
    public ResultSpec {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("result name is required");
      }
      if (name.equals(HttpOutcome.STATUS_CODE)) {
        throw new IllegalArgumentException("result name statusCode is reserved for the response status code");
      }
      JsonPathLite.compile(jsonPath);
    }
  }
}
