package dev.anvil.apiserver.hub;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads keys of a Kubernetes Secret (from {@code data}, base64, or {@code stringData}) for the hub's resolvers; a
 * failure names the Secret and key, never a value.
 */
final class SecretKeys {

  private final KubernetesClient client;

  SecretKeys(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The {@code shape}'s parts of {@code reference} ({@code <namespace>/<name>} or {@code <namespace>/<name>/<key>}),
   * each non-empty.
   *
   * @throws SecretEnvResolver.SecretUnavailableException when the reference does not have that shape
   */
  static String[] parts(String context, String reference, String shape) {
    var parts = reference.split("/", -1);
    var expected = shape.split("/", -1).length;
    if (parts.length != expected || Arrays.stream(parts).anyMatch(String::isEmpty)) {
      throw new SecretEnvResolver.SecretUnavailableException(context + ": reference must look like " + shape
          + ", was '" + reference + "'");
    }
    return parts;
  }

  /**
   * The values of {@code keys} in Secret {@code namespace/name}, by key.
   *
   * @param context what needs them, the start of every failure message (e.g. {@code env PASSWORD})
   * @throws SecretEnvResolver.SecretUnavailableException when the Secret or a key is missing or unreadable
   */
  Map<String, String> read(String context, String namespace, String name, String... keys) {
    var secretName = namespace + "/" + name;
    try {
      var secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        throw new SecretEnvResolver.SecretUnavailableException(context + ": Secret " + secretName + " not found");
      }
      var values = new LinkedHashMap<String, String>();
      for (var key : keys) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
          values.put(key, decode(context, secretName, key, secret.getData().get(key)));
        } else if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
          values.put(key, secret.getStringData().get(key));
        } else {
          throw new SecretEnvResolver.SecretUnavailableException(context + ": Secret " + secretName
              + " has no key " + key);
        }
      }
      return values;
    } catch (KubernetesClientException e) {
      throw new SecretEnvResolver.SecretUnavailableException(context + ": cannot read Secret " + secretName
          + ": HTTP " + e.getCode());
    }
  }

  private static String decode(String context, String secretName, String key, String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SecretEnvResolver.SecretUnavailableException(context + ": Secret " + secretName + " key " + key
          + " is not base64");
    }
  }
}
