package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.ResultTable.whole;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The ceiling an operator run is compared with: the bare API requests of N Jobs, sent from a number of threads. */
final class ApiCeiling {

  /** The requests one Job costs, sent in order without operator, kubelet or agent. */
  interface JobWrites {
    void send(KubernetesClient client, String namespace, String name);
  }

  /**
   * What {@link #measure} found.
   *
   * @param bare Jobs per minute of bare requests, by thread count
   * @param matched the thread count the operator run has requests in flight from
   * @param watches how many watches were open for {@code watched}
   * @param watched Jobs per minute at {@code matched} threads with the operator run's watches open
   * @param requests requests per kind of the last bare round, to divide by its Jobs
   */
  record Figures(Map<Integer, Double> bare, int matched, int watches, double watched, Map<String, Long> requests) {

    double best() {
      return bare.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** The ceiling rows of a result table. */
    void addTo(ResultTable table) {
      bare.forEach((threads, rate) -> table.row("ceiling Jobs/min, bare requests, " + threads + " threads", whole(rate)));
      table.row("ceiling Jobs/min, " + matched + " threads, " + watches + " watches open", whole(watched));
    }
  }

  private ApiCeiling() {
  }

  /**
   * A discarded warm-up, then {@code jobs} Jobs' bare requests from the creator threads, from {@code matched} (the
   * requests an operator run has in flight: a ceiling must be measured at least there) and from twice that; then from
   * {@code matched} again with the operator run's watches open, to show what their fan-out costs. Each round has its
   * own namespace, emptied afterwards.
   */
  static Figures measure(KubernetesClient admin, RequestCounter counter, int warmup, int jobs, int creators,
      int matched, JobWrites writes, Function<KubernetesClient, IdleWatches> operatorRunWatches, PrintStream out)
      throws InterruptedException {
    try (var client = counter.newClient(admin)) {
      jobsPerMinute(client, "ceiling-warmup", warmup, creators, writes);
      RoundCleanup.clean(admin, "ceiling-warmup", out);
      var bare = new LinkedHashMap<Integer, Double>();
      Map<String, Long> requests = Map.of();
      for (int threads : new int[] {creators, matched, 2 * matched}) {
        counter.reset();
        var namespace = "ceiling-bare-" + threads;
        bare.put(threads, jobsPerMinute(client, namespace, jobs, threads, writes));
        requests = counter.snapshot();
        RoundCleanup.clean(admin, namespace, out);
        out.printf("ceiling, bare, %d threads: %s Jobs/min%n", threads, whole(bare.get(threads)));
      }
      double watched;
      int watches;
      try (var open = operatorRunWatches.apply(admin)) {
        watches = open.count();
        watched = jobsPerMinute(client, "ceiling-watched", jobs, matched, writes);
      }
      RoundCleanup.clean(admin, "ceiling-watched", out);
      out.printf("ceiling, %d threads, the operator run's %d watches open: %s Jobs/min%n", matched, watches,
          whole(watched));
      return new Figures(bare, matched, watches, watched, requests);
    }
  }

  /** Sends {@code jobs} Jobs' requests from {@code threads} threads; Jobs per minute. */
  static double jobsPerMinute(KubernetesClient client, String namespace, int jobs, int threads, JobWrites writes)
      throws InterruptedException {
    long start = System.nanoTime();
    Parallel.run(threads, jobs, index -> writes.send(client, namespace, JobRound.name(index)));
    return jobs / ((System.nanoTime() - start) / 1e9) * 60;
  }
}
