package dev.anvil.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedKubeApi} and client for all tests of a class:
 * {@code @RegisterExtension static final SharedKubeApi KUBE = new SharedKubeApi();}.
 */
public final class SharedKubeApi implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedKubeApi api;
  private KubernetesClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    client.close();
    api.close();
  }

  public KubernetesClient client() {
    return client;
  }

  public EmbeddedKubeApi api() {
    return api;
  }
}
