package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures how many Pod Jobs a minute the operator drives to Succeeded against the embedded API with the kubelet
 * stand-in, and, in the same run against the same server, the ceiling: the bare API requests those Jobs need
 * without operator or kubelet.
 */
public final class JobThroughputBenchmark {

  private static final long TIMEOUT_MINUTES = 10;

  private record Options(int jobs, int warmup, int concurrency, int quota, int reconcileThreads) {

    static Options parse(String[] args) {
      int jobs = 1000;
      int warmup = 200;
      int concurrency = 8;
      int quota = 0;
      int threads = 8;
      for (int i = 0; i < args.length; i++) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        int value = Integer.parseInt(args[i + 1]);
        switch (args[i++]) {
          case "--jobs" -> jobs = value;
          case "--warmup" -> warmup = value;
          case "--concurrency" -> concurrency = value;
          case "--quota" -> quota = value;
          case "--reconcile-threads" -> threads = value;
          default -> throw new IllegalArgumentException("unknown argument " + args[i - 1]
              + " (known: --jobs N --warmup N --concurrency N --quota N --reconcile-threads N)");
        }
      }
      return new Options(jobs, warmup, concurrency, quota, threads);
    }
  }

  /** When each Job of a round was applied, first seen Running and first seen Succeeded (System.nanoTime). */
  private static final class Round {
    final String namespace;
    final int jobs;
    final long[] applied;
    final Map<String, Long> running = new ConcurrentHashMap<>();
    final Map<String, Long> succeeded = new ConcurrentHashMap<>();
    final AtomicInteger failed = new AtomicInteger();
    long firstApply;
    long lastApplyReturned;

    Round(String namespace, int jobs) {
      this.namespace = namespace;
      this.jobs = jobs;
      this.applied = new long[jobs];
    }
  }

  private static volatile Round current;

  private JobThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    // must run before anything touches the common pool; bench.sh passes it on the command line as well
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
    }
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anvil-bench-logback.xml");
    }
    var o = Options.parse(args);
    System.out.printf("Anvil Job throughput benchmark: %d Jobs (warm-up %d discarded), %d client threads, "
            + "%d reconcile threads, quota %s, %d CPUs, common pool parallelism %d, Java %s%n",
        o.jobs, o.warmup, o.concurrency, o.reconcileThreads, o.quota == 0 ? "unlimited" : o.quota,
        Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism(),
        System.getProperty("java.version"));

    try (var api = EmbeddedKubeApi.start(); var admin = api.newClient()) {
      var counter = new RequestCounter();
      var results = new ArrayList<String[]>();

      // 1. The ceiling: bare requests, no operator, no kubelet, no watches.
      try (var bench = counter.newClient(admin)) {
        ceiling(bench, "ceiling-warmup", o.warmup, o.concurrency);
        cleanup(admin, "ceiling-warmup");
        // The operator run has more requests in flight than the creator threads: creators + reconcile threads +
        // the stand-in's 2 timer threads + the event recorder. A ceiling must be measured at least there.
        int matched = o.concurrency + o.reconcileThreads + 3;
        double bare = 0;
        Map<String, Double> perJob = Map.of();
        for (int threads : new int[] {o.concurrency, matched, 2 * matched}) {
          counter.reset();
          var namespace = "ceiling-bare-" + threads;
          double perMin = ceiling(bench, namespace, o.jobs, threads);
          perJob = perJob(counter.snapshot(), o.jobs);
          cleanup(admin, namespace);
          System.out.printf("ceiling, bare, %d threads: %.0f Jobs/min%n", threads, perMin);
          results.add(new String[] {"ceiling Jobs/min, bare requests, " + threads + " threads", fmt(perMin)});
          bare = Math.max(bare, perMin);
        }
        // 2. The same with the watches the operator run has open, so their fan-out cost is visible.
        double watched;
        try (var watches = openWatches(admin)) {
          watched = ceiling(bench, "ceiling-watched", o.jobs, matched);
        }
        cleanup(admin, "ceiling-watched");
        System.out.printf("ceiling, %d threads, the operator run's 5 watches open: %.0f Jobs/min%n", matched, watched);
        results.add(new String[] {"ceiling Jobs/min, " + matched + " threads, 5 watches open", fmt(watched)});


        var ceilingPerJob = perJob;
        // 3. The operator with the kubelet stand-in.
        try (var operatorClient = counter.newClient(admin); var kubeletClient = counter.newClient(admin);
            var observer = observe(api.newClient())) {
          var kubelet = new KubeletStandIn(kubeletClient);
          var config = new OperatorConfig(null, "bench", java.util.Set.of(), o.quota, -1, o.reconcileThreads);
          var operator = AnvilOperator.start(operatorClient, config);
          try {
            var warm = operatorRound(bench, "bench-warmup", o.warmup, o.concurrency);
            awaitEvents(admin, "bench-warmup", 2L * o.warmup);
            cleanup(admin, "bench-warmup");
            System.out.printf("warm-up: %d Jobs in %.1f s (discarded)%n", o.warmup,
                (max(warm.succeeded) - warm.firstApply) / 1e9);

            counter.reset();
            var cpu = ThreadCpu.snapshot();
            var round = operatorRound(bench, "bench-run", o.jobs, o.concurrency);
            long end = max(round.succeeded);
            var cpuUsed = cpu.since();
            var requests = counter.snapshot();
            double seconds = (end - round.firstApply) / 1e9;
            double perMin = o.jobs / seconds * 60;
            var toRunning = latencies(round, round.running);
            var toSucceeded = latencies(round, round.succeeded);
            results.add(0, new String[] {"operator Jobs/min (apply first → last Succeeded)", fmt(perMin)});
            results.add(1, new String[] {"  wall time for " + o.jobs + " Jobs", String.format("%.1f s", seconds)});
            results.add(2, new String[] {"  submit time (all creates returned)",
                String.format("%.1f s", (round.lastApplyReturned - round.firstApply) / 1e9)});
            results.add(3, new String[] {"  apply → Running p50 / p99", ms(toRunning, 50) + " / " + ms(toRunning, 99)});
            results.add(4, new String[] {"  apply → Succeeded p50 / p99",
                ms(toSucceeded, 50) + " / " + ms(toSucceeded, 99)});
            results.add(new String[] {"ratio operator / ceiling (best bare)", String.format("%.0f %%", 100 * perMin / bare)});
            results.add(new String[] {"ratio operator / ceiling with watches",
                String.format("%.0f %%", 100 * perMin / watched)});
            results.add(new String[] {"Jobs failed", Integer.toString(round.failed.get())});
            results.add(new String[] {"kubelet stand-in Pods started (all rounds)", Long.toString(kubelet.started())});

            System.out.println();
            System.out.println("Requests per Job, operator + kubelet stand-in (measured round, events may trail):");
            perJob(requests, o.jobs).forEach((k, v) -> System.out.printf("  %-28s %6.2f%n", k, v));
            System.out.println("Requests per Job, bare ceiling:");
            ceilingPerJob.forEach((k, v) -> System.out.printf("  %-28s %6.2f%n", k, v));
            System.out.printf("CPU by thread group during the measured round (wall %.1f s, 2 CPUs = %.0f ms):%n",
                seconds, seconds * 2000);
            cpuUsed.entrySet().stream().limit(12)
                .forEach(e -> System.out.printf("  %-40s %7d ms%n", e.getKey(), e.getValue()));
          } finally {
            operator.close();
            kubelet.close();
          }
        }
      }
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      results.forEach(r -> System.out.printf("| %s | %s |%n", r[0], r[1]));
      System.out.printf("%ntargets: >= 3,000 Jobs/min and >= 50 %% of the ceiling%n");
    }
    System.exit(0);
  }

  /** Runs {@code jobs} Jobs' bare requests from {@code concurrency} threads; Jobs per minute. */
  private static double ceiling(KubernetesClient client, String namespace, int jobs, int concurrency)
      throws InterruptedException {
    var pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    for (int i = 0; i < jobs; i++) {
      var name = "job-" + i;
      pool.execute(() -> BenchmarkJobs.bareWrites(client, namespace, name));
    }
    finish(pool);
    return jobs / ((System.nanoTime() - start) / 1e9) * 60;
  }

  /** Creates {@code jobs} Jobs from {@code concurrency} threads and waits until every one succeeded. */
  private static Round operatorRound(KubernetesClient client, String namespace, int jobs, int concurrency)
      throws InterruptedException {
    var round = new Round(namespace, jobs);
    current = round;
    var pool = Executors.newFixedThreadPool(concurrency);
    round.firstApply = System.nanoTime();
    for (int i = 0; i < jobs; i++) {
      int index = i;
      pool.execute(() -> {
        round.applied[index] = System.nanoTime();
        client.resource(BenchmarkJobs.podJob(namespace, "job-" + index)).create();
      });
    }
    finish(pool);
    round.lastApplyReturned = System.nanoTime();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
    while (round.succeeded.size() + round.failed.get() < jobs) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + round.succeeded.size() + " of " + jobs + " Jobs succeeded in "
            + TIMEOUT_MINUTES + " minutes");
      }
      Thread.sleep(5);
    }
    return round;
  }

  /** Records, through a watch like any client's, when each Job of the current round is first Running and Succeeded. */
  private static SharedIndexInformer<Job> observe(KubernetesClient client) {
    return client.resources(Job.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        seen(job);
      }

      @Override
      public void onUpdate(Job oldJob, Job job) {
        seen(job);
      }

      @Override
      public void onDelete(Job job, boolean unknownFinalState) {
      }
    });
  }

  private static void seen(Job job) {
    long now = System.nanoTime();
    var round = current;
    if (round == null || !round.namespace.equals(job.getMetadata().getNamespace()) || job.getStatus() == null) {
      return;
    }
    var phase = job.getStatus().getPhase();
    var name = job.getMetadata().getName();
    if (phase == JobPhase.Running || phase == JobPhase.Succeeded) {
      round.running.putIfAbsent(name, now); // a Running update folded into Succeeded counts as Running then
    }
    if (phase == JobPhase.Succeeded) {
      round.succeeded.putIfAbsent(name, now);
    } else if (phase == JobPhase.Failed) {
      round.failed.incrementAndGet();
    }
  }

  /** The watches the operator run keeps open: the operator's Jobs, Pods and Namespaces, the stand-in's Pods, ours. */
  private static AutoCloseable openWatches(KubernetesClient client) {
    var noop = new ResourceEventHandler<Object>() {
      @Override
      public void onAdd(Object o) {
      }

      @Override
      public void onUpdate(Object a, Object b) {
      }

      @Override
      public void onDelete(Object o, boolean unknown) {
      }
    };
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<SharedIndexInformer<?>> informers = List.of(
        client.resources(Job.class).inAnyNamespace().inform((ResourceEventHandler) noop),
        client.resources(Job.class).inAnyNamespace().inform((ResourceEventHandler) noop),
        client.pods().inAnyNamespace().withLabel("anvil.dev/job-uid").inform((ResourceEventHandler) noop),
        client.pods().inAnyNamespace().inform((ResourceEventHandler) noop),
        client.namespaces().inform((ResourceEventHandler) noop));
    return () -> informers.forEach(SharedIndexInformer::close);
  }

  private static void awaitEvents(KubernetesClient client, String namespace, long expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (client.v1().events().inNamespace(namespace).list().getItems().size() < expected
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /** Deletes a round's objects so the next round meets a store of the same size (the mock scans it per request). */
  private static void cleanup(KubernetesClient client, String namespace) throws InterruptedException {
    client.resources(Job.class).inNamespace(namespace).delete();
    client.pods().inNamespace(namespace).delete();
    client.v1().events().inNamespace(namespace).delete();
    Thread.sleep(500);
    System.out.printf("store after cleaning %s: %d Jobs, %d Pods, %d Events%n", namespace,
        client.resources(Job.class).inAnyNamespace().list().getItems().size(),
        client.pods().inAnyNamespace().list().getItems().size(),
        client.v1().events().inAnyNamespace().list().getItems().size());
  }

  private static void finish(ExecutorService pool) throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests did not finish in " + TIMEOUT_MINUTES + " minutes");
    }
  }

  private static long[] latencies(Round round, Map<String, Long> at) {
    var out = new long[at.size()];
    int i = 0;
    for (var e : at.entrySet()) {
      int index = Integer.parseInt(e.getKey().substring("job-".length()));
      out[i++] = e.getValue() - round.applied[index];
    }
    Arrays.sort(out);
    return out;
  }

  private static String ms(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return "-";
    }
    int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return String.format("%.0f ms", sorted[index] / 1e6);
  }

  private static long max(Map<String, Long> times) {
    return times.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static Map<String, Double> perJob(Map<String, Long> counts, int jobs) {
    var out = new java.util.TreeMap<String, Double>();
    counts.forEach((k, v) -> {
      if (!k.startsWith("WATCH") && !k.endsWith("(list)")) {
        out.put(k, Math.round(100.0 * v / jobs) / 100.0);
      }
    });
    return out;
  }

  private static String fmt(double perMin) {
    return String.format("%,.0f", perMin);
  }
}
