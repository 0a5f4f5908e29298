package dev.anvil.protocol;

import io.grpc.Metadata;
import java.util.Locale;
import java.util.Optional;

/**
 * How the agent's bootstrap token travels: the gRPC metadata entry {@code authorization: Bearer <token>}
 * that the agent writes and the hub reads. Messages here never include the token itself.
 */
public final class AgentAuthorization {

  /** The metadata key carrying the credentials; gRPC keys are lower case. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final String SCHEME = "Bearer";

  private AgentAuthorization() {
  }

  /** The header value for a token, {@code Bearer <token>}. */
  public static String bearer(String token) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("agent token is empty");
    }
    for (var i = 0; i < token.length(); i++) {
      var c = token.charAt(i);
      // visible ASCII only: whitespace would split the header, control characters cannot travel in it
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("agent token contains a character that is not visible ASCII at index " + i);
      }
    }
    return SCHEME + ' ' + token;
  }

  /** Request headers carrying the token. */
  public static Metadata headers(String token) {
    var headers = new Metadata();
    headers.put(AUTHORIZATION, bearer(token));
    return headers;
  }

  /**
   * The bearer token in the request headers; empty when the header is missing, is not a single
   * {@code Bearer} credential, or carries an empty token. The scheme is matched case-insensitively (RFC 7235).
   */
  public static Optional<String> token(Metadata headers) {
    var values = headers.getAll(AUTHORIZATION);
    if (values == null) {
      return Optional.empty();
    }
    var iterator = values.iterator();
    var value = iterator.next();
    if (iterator.hasNext()) {
      return Optional.empty();
    }
    var space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
      return Optional.empty();
    }
    var token = value.substring(space + 1).strip();
    return token.isEmpty() || token.indexOf(' ') >= 0 ? Optional.empty() : Optional.of(token);
  }
}
