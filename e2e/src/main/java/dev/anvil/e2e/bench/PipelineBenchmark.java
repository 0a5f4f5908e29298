package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.ResultTable.percent;
import static dev.anvil.e2e.bench.ResultTable.whole;

import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.e2e.bench.BenchmarkPipelines.Shape;
import dev.anvil.e2e.platform.AgentStack;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * Measures a Pipeline of N trivial Agent tasks through the whole chain in one JVM (embedded API, central
 * redis-server, hub, agents, operator with the agent bus), and in the same run N plain Agent Jobs applied at once,
 * so the Pipeline's cost sits beside the Jobs it is made of.
 */
public final class PipelineBenchmark {

  private record Options(int tasks, Shape shape, int layerWidth, Integer maxParallel, int jobs, int warmup,
      int concurrency, int reconcileThreads, int agents, int capacity) {

    static Options parse(String[] args) {
      var shape = Shape.WIDE;
      var rest = new ArrayList<String>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--shape") && i + 1 < args.length) {
          shape = Shape.parse(args[++i]);
        } else {
          rest.add(args[i]);
        }
      }
      var defaults = new LinkedHashMap<String, Integer>();
      defaults.put("--tasks", 1000);
      defaults.put("--layer-width", 100);
      defaults.put("--max-parallel", 0);
      defaults.put("--jobs", -1);
      defaults.put("--warmup", 200);
      defaults.put("--concurrency", 8);
      defaults.put("--reconcile-threads", 8);
      defaults.put("--agents", 1);
      defaults.put("--agent-capacity", 64);
      var o = IntOptions.parse(rest.toArray(String[]::new), defaults);
      int tasks = o.get("--tasks");
      if (tasks < 1 || tasks > 1000) {
        throw new IllegalArgumentException("--tasks must be 1 to 1000 (a Pipeline's limit)");
      }
      int maxParallel = o.get("--max-parallel");
      int jobs = o.get("--jobs");
      return new Options(tasks, shape, Math.max(1, o.get("--layer-width")), maxParallel < 1 ? null : maxParallel,
          jobs < 0 ? tasks : jobs, o.get("--warmup"), o.get("--concurrency"), o.get("--reconcile-threads"),
          o.get("--agents"), o.get("--agent-capacity"));
    }

    String describeShape() {
      return switch (shape) {
        case WIDE -> "wide (no dependencies)";
        case CHAIN -> "chain (each after the one before)";
        case LAYERS -> "layers of " + layerWidth + " (each task after 2 of the layer before)";
      };
    }
  }

  private PipelineBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    BenchmarkJvm.configure(); // before anything touches the common pool; bench.sh passes the flags as well
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf("Anvil Pipeline benchmark: one Pipeline of %d Agent tasks `true`, %s, maxParallel %s; then %d "
            + "plain Agent Jobs `true` from %d client threads (warm-up %d discarded); %d reconcile threads, "
            + "%d agent(s) x %d attempts at once; %s%n",
        o.tasks, o.describeShape(), o.maxParallel == null ? "unset" : o.maxParallel, o.jobs, o.concurrency, o.warmup,
        o.reconcileThreads, o.agents, o.capacity, BenchmarkJvm.describe());

    var table = new ResultTable();
    try (var api = EmbeddedKubeApi.start(); var admin = api.newClient();
        var stack = AgentStack.start(admin, System.out, o.agents, o.capacity)) {
      var counter = new RequestCounter();
      try (var operatorClient = counter.newClient(admin);
          var operator = AnvilOperator.start(operatorClient, new OperatorConfig(null, "bench", Set.of(), 0, -1,
              o.reconcileThreads).withAgentBus(stack.busUri(), OperatorConfig.DEFAULT_AGENT_HEARTBEAT_TIMEOUT));
          var bench = counter.newClient(admin); var watch = new RoundWatch(api.newClient())) {
        watch.warmUp(bench, admin, "agent-warmup", o.warmup, o.concurrency, BenchmarkJobs::trivialAgentJob,
            System.out);
        var warm = runPipeline(admin, "pipeline-warmup", Math.min(o.tasks, 100), o);
        System.out.printf("warm-up: a Pipeline of %d tasks in %.1f s (discarded)%n", warm.tasks(), warm.wallSeconds());
        clean(admin, "pipeline-warmup");

        counter.reset();
        var cpu = ThreadCpu.snapshot();
        var round = runPipeline(admin, "pipeline-run", o.tasks, o);
        var cpuUsed = cpu.since();
        var requests = counter.snapshot();
        System.out.println();
        RequestCounter.printPerJob(System.out, "Requests per task, operator (Pipeline run, events may trail):",
            requests, o.tasks);
        ThreadCpu.print(System.out, cpuUsed, "the Pipeline run", round.wallSeconds(), 14);
        RoundCleanup.awaitSucceededEvents(admin, "pipeline-run", o.tasks + 1); // the children's and the Pipeline's
        clean(admin, "pipeline-run");

        var jobs = watch.measure(bench, counter, "agent-run", o.jobs, o.concurrency, BenchmarkJobs::trivialAgentJob);
        RequestCounter.printPerJob(System.out, "Requests per Job, operator (plain Agent Jobs, events may trail):",
            jobs.requests(), o.jobs);
        RoundCleanup.awaitSucceededEvents(admin, "agent-run", o.jobs);
        RoundCleanup.clean(admin, "agent-run", System.out);
        addRows(table, o, round, jobs.round());
      }
    }
    table.print(System.out);
    System.exit(0);
  }

  private static PipelineRound runPipeline(KubernetesClient client, String namespace, int tasks, Options o)
      throws InterruptedException {
    var dependencies = BenchmarkPipelines.dependencies(o.shape, tasks, o.layerWidth);
    Pipeline pipeline = BenchmarkPipelines.pipeline(namespace, "bench", dependencies, o.maxParallel);
    var round = PipelineRound.run(client, pipeline, dependencies);
    if (round.phase() != RunPhase.Succeeded) {
      throw new IllegalStateException("the Pipeline ended " + round.phase() + ": " + client.resources(Pipeline.class)
          .inNamespace(namespace).withName("bench").get().getStatus().getConditions());
    }
    return round;
  }

  private static void clean(KubernetesClient client, String namespace) throws InterruptedException {
    // the mock API has no garbage collector: the child Jobs go with their namespace's cleanup, the Pipeline here
    client.resources(Pipeline.class).inNamespace(namespace).delete();
    RoundCleanup.clean(client, namespace, System.out);
  }

  private static void addRows(ResultTable table, Options o, PipelineRound pipeline, JobRound jobs) {
    double wall = pipeline.wallSeconds();
    double critical = pipeline.criticalPathSeconds();
    var run = pipeline.runNanos().values().stream().mapToLong(Long::longValue).toArray();
    double runSum = Arrays.stream(run).sum() / 1e9;
    table.row("Pipeline: " + o.tasks + " tasks, " + o.describeShape() + ", maxParallel "
            + (o.maxParallel == null ? "unset" : o.maxParallel), "")
        .row("  wall time (create → Pipeline seen Succeeded)", String.format("%.1f s", wall))
        .row("  **tasks/min**", whole(pipeline.tasksPerMinute()))
        .row("  critical path of child Job run times / sum of run times",
            String.format("%.2f s / %.1f s", critical, runSum))
        .row("  child Job run time p50 / p99 (status start → completion)", PipelineRound.p50p99(run))
        .row("  wall − critical path (operator, queueing and agent slots)",
            String.format("%.1f s (%.1f ms per task)", wall - critical, (wall - critical) * 1000 / o.tasks))
        .row("  ready → child Job created p50 / p99 (upstream seen Succeeded → child seen)",
            PipelineRound.p50p99(pipeline.readyToCreated()))
        .row("  largest Pipeline object seen / spec alone", String.format("%,d B / %,d B",
            pipeline.largestPipelineBytes(), pipeline.specBytes()))
        .row("  Pipeline versions seen by the watch (create + status writes)",
            Integer.toString(pipeline.pipelineVersions()));
    jobs.addTo(table, "Plain Agent (" + jobs.jobs() + " at once)");
    table.row("**Pipeline tasks/min / plain Agent Jobs/min**", percent(pipeline.tasksPerMinute(), jobs.jobsPerMinute()))
        .row("plain Jobs failed", Integer.toString(jobs.failed()))
        .row("load average at the end", BenchmarkJvm.loadAverage());
  }
}
