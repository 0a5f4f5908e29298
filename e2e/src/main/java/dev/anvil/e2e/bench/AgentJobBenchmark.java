package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.ResultTable.percent;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.e2e.platform.AgentStack;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measures Agent Jobs end to end in one JVM (embedded API, central redis-server, hub, agents, operator with the agent
 * bus): trivial Jobs to completion per minute beside the bare API writes they need, and log throughput from agent
 * processes into the central Redis beside raw XADDs of the same lines, all in the same run.
 */
public final class AgentJobBenchmark {

  /** Lines per log report: the agent's batch (250 lines, or fewer when they would pass 64 KiB). */
  private static final int REPORT_LINES = 250;
  private static final int REPORT_BYTES = 64 * 1024;

  private record Options(int jobs, int warmup, int concurrency, int reconcileThreads, int agents, int capacity,
      int logMegabytes, int lineBytes, int logJobs) {

    static Options parse(String[] args) {
      var defaults = new LinkedHashMap<String, Integer>();
      defaults.put("--jobs", 1000);
      defaults.put("--warmup", 200);
      defaults.put("--concurrency", 8);
      defaults.put("--reconcile-threads", 8);
      defaults.put("--agents", 1);
      defaults.put("--agent-capacity", 64);
      defaults.put("--log-mb", 100);
      defaults.put("--line-bytes", 100);
      defaults.put("--log-jobs", 1);
      var o = IntOptions.parse(args, defaults);
      var options = new Options(o.get("--jobs"), o.get("--warmup"), o.get("--concurrency"),
          o.get("--reconcile-threads"), o.get("--agents"), o.get("--agent-capacity"), o.get("--log-mb"),
          o.get("--line-bytes"), o.get("--log-jobs"));
      if (options.lineBytes < 2 || options.logJobs < 1 || options.agents < 1) {
        throw new IllegalArgumentException("--line-bytes must be at least 2, --log-jobs and --agents at least 1");
      }
      return options;
    }

    long linesPerLogJob() {
      return logMegabytes * 1_000_000L / lineBytes / logJobs;
    }
  }

  private AgentJobBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    BenchmarkJvm.configure(); // before anything touches the common pool; bench.sh passes the flags as well
    var o = Options.parse(args);
    System.out.printf("Anvil Agent Job benchmark: %d Jobs `true` (warm-up %d discarded), %d client threads, "
            + "%d reconcile threads, %d agent(s) x %d attempts at once; log: %d Job(s) x %,d lines of %d bytes; %s%n",
        o.jobs, o.warmup, o.concurrency, o.reconcileThreads, o.agents, o.capacity, o.logJobs, o.linesPerLogJob(),
        o.lineBytes, BenchmarkJvm.describe());

    var table = new ResultTable();
    try (var api = EmbeddedKubeApi.start(); var admin = api.newClient();
        var stack = AgentStack.start(admin, System.out, o.agents, o.capacity)) {
      var redisClient = RedisClient.create(stack.busUri());
      try (var redis = redisClient.connect()) {
        var counter = new RequestCounter();
        // in flight during the operator run: the creator threads, the reconcile threads and the event recorder
        var ceiling = ApiCeiling.measure(admin, counter, o.warmup, o.jobs, o.concurrency,
            o.concurrency + o.reconcileThreads + 1, BenchmarkJobs::bareAgentWrites,
            AgentJobBenchmark::operatorRunWatches, System.out);
        JobRound jobs;
        LogThroughput.Result log;
        try (var operatorClient = counter.newClient(admin);
            var operator = AnvilOperator.start(operatorClient, new OperatorConfig(null, "bench", Set.of(), 0, -1,
                o.reconcileThreads).withAgentBus(stack.busUri(), OperatorConfig.DEFAULT_AGENT_HEARTBEAT_TIMEOUT))) {
          jobs = jobRounds(o, api, admin, counter, redis.sync(), ceiling);
          log = logRun(o, admin, redis.sync());
        }
        var xadd = xaddCeiling(o, redisClient);
        double perMinute = jobs.jobsPerMinute();
        jobs.addTo(table, "Agent");
        table.row("  attempt sent → Succeeded p50 / p99 (status times)", jobs.attemptToSucceeded());
        ceiling.addTo(table);
        table.row("**ratio Agent Jobs / best bare ceiling**", percent(perMinute, ceiling.best()))
            .row("ratio Agent Jobs / ceiling with watches", percent(perMinute, ceiling.watched()))
            .row("Jobs failed", Integer.toString(jobs.failed()))
            .row(String.format("log agent → Redis, %,d lines of %d B (%d MB)", log.lines(), o.lineBytes,
                o.logMegabytes), String.format("%.1f MB/s (%,.0f lines/s)", log.megabytesPerSecond(),
                log.linesPerSecond()))
            .row("  process start → last line stored / → Job Succeeded",
                String.format("%.1f s / %.1f s", log.seconds(), log.toSucceeded()))
            .row("ceiling: pipelined single XADDs", megabytes(xadd.single, o.lineBytes))
            .row("ceiling: one EVAL of " + xadd.batch + " XADDs per report",
                megabytes(xadd.batched, o.lineBytes))
            .row("**ratio log / batched EVAL ceiling** (the hub's way)", percent(log.linesPerSecond(), xadd.batched))
            .row("ratio log / single XADD ceiling", percent(log.linesPerSecond(), xadd.single))
            .row("load average at the end", BenchmarkJvm.loadAverage());
      } finally {
        redisClient.shutdown();
      }
    }
    table.print(System.out);
    System.exit(0);
  }

  /** The operator's warm-up and measured rounds of trivial Agent Jobs, with requests per Job and CPU by thread. */
  private static JobRound jobRounds(Options o, EmbeddedKubeApi api, KubernetesClient admin, RequestCounter counter,
      RedisCommands<String, String> redis, ApiCeiling.Figures ceiling) throws InterruptedException {
    try (var bench = counter.newClient(admin); var watch = new RoundWatch(api.newClient())) {
      watch.warmUp(bench, admin, "agent-warmup", o.warmup, o.concurrency, BenchmarkJobs::trivialAgentJob, System.out);
      double redisCpu = RedisCpu.seconds(redis);
      var measured = watch.measure(bench, counter, "agent-run", o.jobs, o.concurrency, BenchmarkJobs::trivialAgentJob);
      redisCpu = RedisCpu.seconds(redis) - redisCpu;
      measured.print(System.out, "operator", ceiling.requests());
      RedisCpu.print(System.out, redisCpu);
      RoundCleanup.awaitSucceededEvents(admin, "agent-run", o.jobs);
      System.out.println("Events of the measured round by reason: " + eventsByReason(admin, "agent-run"));
      RoundCleanup.clean(admin, "agent-run", System.out);
      return measured.round();
    }
  }

  /** A discarded warm-up of a tenth of the volume, then the measured log Jobs. */
  private static LogThroughput.Result logRun(Options o, KubernetesClient admin, RedisCommands<String, String> redis)
      throws InterruptedException {
    var warm = LogThroughput.run(admin, redis, "log-warmup", 1, Math.max(1, o.linesPerLogJob() / 10), o.lineBytes);
    System.out.printf("%nlog warm-up: %.1f MB/s (discarded)%n", warm.megabytesPerSecond());
    var cpu = ThreadCpu.snapshot();
    double redisCpu = RedisCpu.seconds(redis);
    long start = System.nanoTime();
    var log = LogThroughput.run(admin, redis, "log-run", o.logJobs, o.linesPerLogJob(), o.lineBytes);
    var cpuUsed = cpu.since();
    double wall = (System.nanoTime() - start) / 1e9;
    redisCpu = RedisCpu.seconds(redis) - redisCpu;
    System.out.printf("log: %,d lines (%.0f MB) in %.2f s: %.1f MB/s%n", log.lines(), log.bytes() / 1e6,
        log.seconds(), log.megabytesPerSecond());
    ThreadCpu.print(System.out, cpuUsed, "the measured log run", wall, 14);
    RedisCpu.print(System.out, redisCpu);
    return log;
  }

  /** The XADD ceilings' lines per second, single and batched. */
  private record XaddFigures(int batch, double single, double batched) {
  }

  /** Raw XADDs of as many lines of the same size, after a warm-up of a tenth (which also loads the script). */
  private static XaddFigures xaddCeiling(Options o, RedisClient redisClient) throws InterruptedException {
    int batch = Math.min(REPORT_LINES, Math.max(1, REPORT_BYTES / (o.lineBytes - 1 + 24) + 1));
    var ceiling = new XaddCeiling(redisClient, batch, HubProperties.defaults().reportWindow());
    var text = LogThroughput.lineText(o.lineBytes);
    long lines = o.linesPerLogJob() * o.logJobs;
    ceiling.singleXadds(lines / 10, text);
    ceiling.batchedScript(lines / 10, text);
    double single = ceiling.singleXadds(lines, text);
    double batched = ceiling.batchedScript(lines, text);
    System.out.printf("ceiling: %,.0f lines/s single XADDs, %,.0f lines/s batched EVAL (%d per script)%n", single,
        batched, batch);
    return new XaddFigures(batch, single, batched);
  }

  /** The watches the operator run holds besides the hub's: the operator's Jobs, Pods and Namespaces, ours. */
  private static IdleWatches operatorRunWatches(KubernetesClient client) {
    return IdleWatches.open(List.of(
        client.resources(Job.class).inAnyNamespace(),
        client.resources(Job.class).inAnyNamespace(),
        client.pods().inAnyNamespace().withLabel("anvil.dev/job-uid"),
        client.namespaces()));
  }

  private static Map<String, Long> eventsByReason(KubernetesClient client, String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .collect(Collectors.groupingBy(Event::getReason, TreeMap::new, Collectors.counting()));
  }

  private static String megabytes(double linesPerSecond, int lineBytes) {
    return String.format("%.1f MB/s (%,.0f lines/s)", linesPerSecond * lineBytes / 1e6, linesPerSecond);
  }
}
