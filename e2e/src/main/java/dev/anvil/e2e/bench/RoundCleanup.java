package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/** Empties a round's namespace, so every round meets a store of the same size: the mock scans it per request. */
final class RoundCleanup {

  private RoundCleanup() {
  }

  /**
   * Waits (at most 30 s) until each of {@code jobs} Jobs has its Succeeded Event, the last one a Job gets: Events are
   * recorded asynchronously, after the status, and may trail the round.
   */
  static void awaitSucceededEvents(KubernetesClient client, String namespace, int jobs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> "Succeeded".equals(e.getReason())).count() < jobs && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /** Deletes the namespace's Jobs, Pods and Events, and prints what the whole store still holds. */
  static void clean(KubernetesClient client, String namespace, PrintStream out) throws InterruptedException {
    client.resources(Job.class).inNamespace(namespace).delete();
    client.pods().inNamespace(namespace).delete();
    client.v1().events().inNamespace(namespace).delete();
    Thread.sleep(500); // let the deletions' watch events drain before the next round is timed
    out.printf("store after cleaning %s: %d Jobs, %d Pods, %d Events%n", namespace,
        client.resources(Job.class).inAnyNamespace().list().getItems().size(),
        client.pods().inAnyNamespace().list().getItems().size(),
        client.v1().events().inAnyNamespace().list().getItems().size());
  }
}
