package dev.anvil.apiserver.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;

/** The bootstrap tokens agents may present right now; replaced as a whole when the Secret changes. */
public final class BootstrapTokens {

  private volatile List<byte[]> tokens = List.of();

  public void replace(Collection<String> current) {
    tokens = current.stream().filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** Whether the presented token is one of the current ones, compared in constant time against every one. */
  public boolean accepts(String presented) {
    var bytes = presented.getBytes(StandardCharsets.UTF_8);
    var match = false;
    // no early exit: the time taken must not say which token (or how much of one) matched
    for (var token : tokens) {
      match |= MessageDigest.isEqual(token, bytes);
    }
    return match;
  }
}
