package dev.anvil.apiserver.security;

import dev.anvil.apiserver.SecretWatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link DelegatedTokens} keys equal to their Secret: {@code key} signs, {@code key-*} (e.g.
 * {@code key-previous} while rotating) still verify. Without the Secret each replica signs with a random key of its
 * own, which only works with one replica: that is logged.
 */
public final class DelegatedKeyWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DelegatedKeyWatch.class);

  private final SecretWatch watch;

  /** @param namespace the Secret's namespace, resolved ({@link SecurityConfiguration#namespaceOf}) */
  public DelegatedKeyWatch(KubernetesClient client, String namespace, AuthProperties.Delegated secret,
      DelegatedTokens tokens) {
    var where = namespace + "/" + secret.secretName();
    this.watch = new SecretWatch(client, namespace, secret.secretName(), s -> {
      var values = new java.util.LinkedHashMap<String, byte[]>();
      collect(s.getData(), true, values);
      collect(s.getStringData(), false, values);
      var signing = values.remove("key");
      if (signing == null || signing.length < DelegatedTokens.MIN_KEY_BYTES) {
        LOG.warn("delegated token Secret {}: no key 'key' of at least {} bytes; console tokens are signed "
            + "with this replica's own random key", where, DelegatedTokens.MIN_KEY_BYTES);
        return;
      }
      var others = new ArrayList<byte[]>();
      values.forEach((name, value) -> {
        if (name.startsWith("key-") && value.length >= DelegatedTokens.MIN_KEY_BYTES) {
          others.add(value);
        }
      });
      tokens.replaceKeys(signing, others);
      LOG.info("delegated token Secret {}: signing key and {} older key(s) read", where, others.size());
    }, () -> {
      LOG.warn("delegated token Secret {} deleted: the last key read is kept", where);
    });
    LOG.info("delegated tokens: until Secret {} is read, this replica signs with a random key of its own", where);
  }

  private static void collect(Map<String, String> data, boolean base64, Map<String, byte[]> into) {
    if (data == null) {
      return;
    }
    data.forEach((name, value) -> {
      if (value != null) {
        into.put(name, base64 ? Base64.getDecoder().decode(value) : value.getBytes(StandardCharsets.UTF_8));
      }
    });
  }

  @Override
  public void close() {
    watch.close();
  }
}
