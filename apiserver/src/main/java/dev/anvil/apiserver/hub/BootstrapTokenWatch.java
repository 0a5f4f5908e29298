package dev.anvil.apiserver.hub;

import dev.anvil.apiserver.SecretWatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps {@link BootstrapTokens} equal to the bootstrap Secret, so a rotated token applies without a restart. */
public final class BootstrapTokenWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapTokenWatch.class);

  private final SecretWatch watch;

  public BootstrapTokenWatch(KubernetesClient client, HubProperties.BootstrapSecret secret, BootstrapTokens tokens) {
    var namespace = secret.namespace().isEmpty() ? client.getNamespace() : secret.namespace();
    var where = namespace + "/" + secret.name();
    this.watch = new SecretWatch(client, namespace, secret.name(), s -> {
      var found = tokensOf(s, secret.key());
      tokens.replace(found);
      // key names and counts only: never a value
      LOG.info("bootstrap Secret {}: {} token(s) accepted", where, found.size());
    }, () -> {
      tokens.replace(java.util.List.of());
      LOG.warn("bootstrap Secret {} deleted: every agent connection is refused until it is back", where);
    });
  }

  static java.util.List<String> tokensOf(Secret secret, String key) {
    var found = new ArrayList<String>();
    collect(secret.getData(), key, true, found);
    collect(secret.getStringData(), key, false, found);
    return found;
  }

  private static void collect(Map<String, String> data, String key, boolean base64, java.util.List<String> into) {
    if (data == null) {
      return;
    }
    data.forEach((name, value) -> {
      if (value != null && (name.equals(key) || name.startsWith(key + "-"))) {
        var token = base64 ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8) : value;
        // a trailing newline from `kubectl create secret --from-file` is not part of the token
        into.add(token.strip());
      }
    });
  }

  @Override
  public void close() {
    watch.close();
  }
}
