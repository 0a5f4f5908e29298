package dev.anvil.apiserver.actions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * The opaque {@code continue} token of a dead-letter listing: the sequence number the next page starts below, so a
 * token stays valid however many entries are recorded meanwhile (retention only shortens what is left).
 */
final class ContinueToken {

  private static final String PREFIX = "deadletters/v1/";

  private ContinueToken() {
  }

  static String encode(long before) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + before).getBytes(StandardCharsets.UTF_8));
  }

  /** The sequence number of {@code token}; empty for none; a 400 for one this apiserver did not hand out. */
  static OptionalLong decode(String token) {
    if (token == null || token.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        var before = Long.parseLong(text.substring(PREFIX.length()));
        if (before > 0) {
          return OptionalLong.of(before);
        }
      }
    } catch (IllegalArgumentException e) {
      // not base64, or not a number: answered below
    }
    throw ActionErrors.badRequest("continue key is not valid: " + token);
  }
}
