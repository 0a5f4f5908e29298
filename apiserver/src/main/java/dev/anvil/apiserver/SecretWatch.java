package dev.anvil.apiserver;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Consumer;

/** Watches one Secret: every version it takes is handed over (rotation needs no restart), and so is its deletion. */
public final class SecretWatch implements AutoCloseable {

  private final SharedIndexInformer<Secret> informer;

  /**
   * Starts watching {@code namespace/name}; {@code changed} gets the Secret when it appears or changes, {@code deleted}
   * runs when it is deleted.
   */
  public SecretWatch(KubernetesClient client, String namespace, String name, Consumer<Secret> changed,
      Runnable deleted) {
    this.informer = client.secrets().inNamespace(namespace).withName(name).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Secret secret) {
        changed.accept(secret);
      }

      @Override
      public void onUpdate(Secret old, Secret secret) {
        changed.accept(secret);
      }

      @Override
      public void onDelete(Secret secret, boolean unknownFinalState) {
        deleted.run();
      }
    });
  }

  @Override
  public void close() {
    informer.close();
  }
}
