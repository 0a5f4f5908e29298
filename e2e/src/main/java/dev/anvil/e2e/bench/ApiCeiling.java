package dev.anvil.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;

/** The ceiling an operator run is compared with: the bare API requests of N Jobs, sent from a number of threads. */
final class ApiCeiling {

  /** The requests one Job costs, sent in order without operator, kubelet or agent. */
  interface JobWrites {
    void send(KubernetesClient client, String namespace, String name);
  }

  private ApiCeiling() {
  }

  /** Sends {@code jobs} Jobs' requests from {@code threads} threads; Jobs per minute. */
  static double jobsPerMinute(KubernetesClient client, String namespace, int jobs, int threads, JobWrites writes)
      throws InterruptedException {
    long start = System.nanoTime();
    Parallel.run(threads, jobs, index -> writes.send(client, namespace, JobRound.name(index)));
    return jobs / ((System.nanoTime() - start) / 1e9) * 60;
  }
}
