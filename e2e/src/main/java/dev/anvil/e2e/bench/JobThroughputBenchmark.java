package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.ResultTable.percent;
import static dev.anvil.e2e.bench.ResultTable.whole;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures how many Pod Jobs a minute the operator drives to Succeeded against the embedded API with the kubelet
 * stand-in, and, in the same run against the same server, the ceiling: the bare API requests those Jobs need
 * without operator or kubelet.
 */
public final class JobThroughputBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

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
      try (var bench = counter.newClient(admin)) {
        // 1. The ceiling: bare requests, no operator, no kubelet, no watches.
        ApiCeiling.jobsPerMinute(bench, "ceiling-warmup", o.warmup, o.concurrency, BenchmarkJobs::bareWrites);
        RoundCleanup.clean(admin, "ceiling-warmup", System.out);
        // The operator run has more requests in flight than the creator threads: creators + reconcile threads +
        // the stand-in's 2 timer threads + the event recorder. A ceiling must be measured at least there.
        int matched = o.concurrency + o.reconcileThreads + 3;
        var bare = new LinkedHashMap<Integer, Double>();
        Map<String, Long> ceilingRequests = Map.of();
        for (int threads : new int[] {o.concurrency, matched, 2 * matched}) {
          counter.reset();
          var namespace = "ceiling-bare-" + threads;
          bare.put(threads, ApiCeiling.jobsPerMinute(bench, namespace, o.jobs, threads, BenchmarkJobs::bareWrites));
          ceilingRequests = counter.snapshot();
          RoundCleanup.clean(admin, namespace, System.out);
          System.out.printf("ceiling, bare, %d threads: %s Jobs/min%n", threads, whole(bare.get(threads)));
        }
        double best = bare.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        // 2. The same with the watches the operator run has open, so their fan-out cost is visible.
        double watched;
        try (var watches = operatorRunWatches(admin)) {
          watched = ApiCeiling.jobsPerMinute(bench, "ceiling-watched", o.jobs, matched, BenchmarkJobs::bareWrites);
        }
        RoundCleanup.clean(admin, "ceiling-watched", System.out);
        System.out.printf("ceiling, %d threads, the operator run's 5 watches open: %s Jobs/min%n", matched,
            whole(watched));

        // 3. The operator with the kubelet stand-in.
        try (var operatorClient = counter.newClient(admin); var kubeletClient = counter.newClient(admin);
            var watch = new RoundWatch(api.newClient())) {
          var kubelet = new KubeletStandIn(kubeletClient);
          var config = new OperatorConfig(null, "bench", Set.of(), o.quota, -1, o.reconcileThreads);
          var operator = AnvilOperator.start(operatorClient, config);
          try {
            var warm = watch.run(bench, "bench-warmup", o.warmup, o.concurrency, BenchmarkJobs::podJob, TIMEOUT);
            RoundCleanup.awaitSucceededEvents(admin, "bench-warmup", o.warmup);
            RoundCleanup.clean(admin, "bench-warmup", System.out);
            System.out.printf("warm-up: %d Jobs in %.1f s (discarded)%n", o.warmup, warm.wallSeconds());

            counter.reset();
            var cpu = ThreadCpu.snapshot();
            var round = watch.run(bench, "bench-run", o.jobs, o.concurrency, BenchmarkJobs::podJob, TIMEOUT);
            var cpuUsed = cpu.since();
            var requests = counter.snapshot();
            double perMin = round.jobsPerMinute();
            table.row("operator Jobs/min (apply first → last Succeeded)", whole(perMin))
                .row("  wall time for " + o.jobs + " Jobs", String.format("%.1f s", round.wallSeconds()))
                .row("  submit time (all creates returned)", String.format("%.1f s", round.submitSeconds()))
                .row("  apply → Running p50 / p99", round.toRunning())
                .row("  apply → Succeeded p50 / p99", round.toSucceeded());
            bare.forEach((threads, rate) ->
                table.row("ceiling Jobs/min, bare requests, " + threads + " threads", whole(rate)));
            table.row("ceiling Jobs/min, " + matched + " threads, 5 watches open", whole(watched))
                .row("ratio operator / ceiling (best bare)", percent(perMin, best))
                .row("ratio operator / ceiling with watches", percent(perMin, watched))
                .row("Jobs failed", Integer.toString(round.failed()))
                .row("kubelet stand-in Pods started (all rounds)", Long.toString(kubelet.started()));

            System.out.println();
            RequestCounter.printPerJob(System.out,
                "Requests per Job, operator + kubelet stand-in (measured round, events may trail):", requests, o.jobs);
            RequestCounter.printPerJob(System.out, "Requests per Job, bare ceiling:", ceilingRequests, o.jobs);
            ThreadCpu.print(System.out, cpuUsed, "the measured round", round.wallSeconds(), 12);
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
