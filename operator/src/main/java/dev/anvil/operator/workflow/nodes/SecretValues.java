package dev.anvil.operator.workflow.nodes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads one key of a Secret in the Workflow's namespace; a failure names the Secret and key, never a value. */
final class SecretValues {

  /** The Secret or its key is missing: the attempt fails (and is retried, the Secret may appear). */
  static final class Missing extends RuntimeException {
    Missing(String message) {
      super(message);
    }
  }

  private SecretValues() {
  }

  static String read(KubernetesClient client, String namespace, String name, String key) {
    var secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new Missing("Secret " + namespace + "/" + name + " not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return secret.getStringData().get(key);
    }
    throw new Missing("Secret " + namespace + "/" + name + " has no key " + key);
  }
}
