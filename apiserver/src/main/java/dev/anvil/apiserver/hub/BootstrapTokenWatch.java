package dev.anvil.apiserver.hub;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps {@link BootstrapTokens} equal to the bootstrap Secret, so a rotated token applies without a restart. */
public final class BootstrapTokenWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapTokenWatch.class);

  private final SharedIndexInformer<Secret> informer;

  public BootstrapTokenWatch(KubernetesClient client, HubProperties.BootstrapSecret secret, BootstrapTokens tokens) {
    var namespace = secret.namespace().isEmpty() ? client.getNamespace() : secret.namespace();
    var where = namespace + "/" + secret.name();
    this.informer = client.secrets().inNamespace(namespace).withName(secret.name())
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Secret s) {
            update(s);
          }

          @Override
          public void onUpdate(Secret old, Secret s) {
            update(s);
          }

          @Override
          public void onDelete(Secret s, boolean unknownFinalState) {
            tokens.replace(java.util.List.of());
            LOG.warn("bootstrap Secret {} deleted: every agent connection is refused until it is back", where);
          }

          private void update(Secret s) {
            var found = tokensOf(s, secret.key());
            tokens.replace(found);
            // key names and counts only: never a value
            LOG.info("bootstrap Secret {}: {} token(s) accepted", where, found.size());
          }
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
    informer.close();
  }
}
