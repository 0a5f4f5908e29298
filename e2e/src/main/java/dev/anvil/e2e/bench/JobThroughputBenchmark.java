package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.ResultTable.percent;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Measures how many Pod Jobs a minute the operator drives to Succeeded against the embedded API with the kubelet
 * stand-in, and, in the same run against the same server, the ceiling: the bare API requests those Jobs need
 * without operator or kubelet.
 */
public final class JobThroughputBenchmark {

  private record Options(int jobs, int warmup, int concurrency, int quota, int reconcileThreads) {

    static Options parse(String[] args) {
      var defaults = new LinkedHashMap<String, Integer>();
      defaults.put("--jobs", 1000);
      defaults.put("--warmup", 200);
      defaults.put("--concurrency", 8);
      defaults.put("--quota", 0);
      defaults.put("--reconcile-threads", 8);
      var o = IntOptions.parse(args, defaults);
      return new Options(o.get("--jobs"), o.get("--warmup"), o.get("--concurrency"), o.get("--quota"),
          o.get("--reconcile-threads"));
    }
  }

  private JobThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    BenchmarkJvm.configure(); // before anything touches the common pool; bench.sh passes the flags as well
    var o = Options.parse(args);
    System.out.printf("Anvil Job throughput benchmark: %d Jobs (warm-up %d discarded), %d client threads, "
            + "%d reconcile threads, quota %s, %s%n",
        o.jobs, o.warmup, o.concurrency, o.reconcileThreads, o.quota == 0 ? "unlimited" : o.quota,
        BenchmarkJvm.describe());

    try (var api = EmbeddedKubeApi.start(); var admin = api.newClient()) {
      var counter = new RequestCounter();
      var table = new ResultTable();
      // The operator run has more requests in flight than the creator threads: creators + reconcile threads + the
      // stand-in's 2 timer threads + the event recorder.
      var ceiling = ApiCeiling.measure(admin, counter, o.warmup, o.jobs, o.concurrency,
          o.concurrency + o.reconcileThreads + 3, BenchmarkJobs::bareWrites, JobThroughputBenchmark::operatorRunWatches,
          System.out);
      try (var bench = counter.newClient(admin)) {
        // The operator with the kubelet stand-in.
        try (var operatorClient = counter.newClient(admin); var kubeletClient = counter.newClient(admin);
            var watch = new RoundWatch(api.newClient())) {
          var kubelet = new KubeletStandIn(kubeletClient);
          var config = new OperatorConfig(null, "bench", Set.of(), o.quota, -1, o.reconcileThreads);
          var operator = AnvilOperator.start(operatorClient, config);
          try {
            watch.warmUp(bench, admin, "bench-warmup", o.warmup, o.concurrency, BenchmarkJobs::podJob, System.out);
            var measured = watch.measure(bench, counter, "bench-run", o.jobs, o.concurrency, BenchmarkJobs::podJob);
            var round = measured.round();
            double perMin = round.jobsPerMinute();
            round.addTo(table, "operator");
            ceiling.addTo(table);
            table.row("ratio operator / ceiling (best bare)", percent(perMin, ceiling.best()))
                .row("ratio operator / ceiling with watches", percent(perMin, ceiling.watched()))
                .row("Jobs failed", Integer.toString(round.failed()))
                .row("kubelet stand-in Pods started (all rounds)", Long.toString(kubelet.started()));
            measured.print(System.out, "operator + kubelet stand-in", ceiling.requests());
          } finally {
            operator.close();
            kubelet.close();
          }
        }
      }
      table.print(System.out);
      System.out.printf("%ntargets: >= 3,000 Jobs/min and >= 50 %% of the ceiling%n");
    }
    System.exit(0);
  }

  /** The watches the operator run keeps open: the operator's Jobs, Pods and Namespaces, the stand-in's Pods, ours. */
  private static IdleWatches operatorRunWatches(KubernetesClient client) {
    return IdleWatches.open(List.of(
        client.resources(Job.class).inAnyNamespace(),
        client.resources(Job.class).inAnyNamespace(),
        client.pods().inAnyNamespace().withLabel("anvil.dev/job-uid"),
        client.pods().inAnyNamespace(),
        client.namespaces()));
  }
}
