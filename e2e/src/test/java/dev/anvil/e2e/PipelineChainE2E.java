package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineStatus;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.crds.v1alpha1.PipelineTaskState;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.Condition;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pipeline examples of {@code examples/pipelines/}, read from their files, through every real part: operator
 * (Pipeline and Job reconcilers) → central Redis → hub → an agent running each task as a process → back to the
 * child Jobs' status → the Pipeline's status.
 */
@Timeout(180)
class PipelineChainE2E {

  private static final Path EXAMPLES = Path.of("..", "examples", "pipelines");
  private static final String NAMESPACE = "default";
  private static final List<String> BUILD_TASKS = List.of("build", "test", "lint", "package", "notify");
  private static ChainPlatform platform;

  @TempDir
  Path temp;

  @BeforeAll
  static void startPlatform(@TempDir Path agentDir) throws IOException {
    var central = RedisProcess.start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-pipeline-e2e"));
    // the examples select datacenter `local`, as bin/run's agent has
    platform.connectedAgent("pipeline-agent", "local", 4, agentDir);
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theBuildTestPackageExampleSucceedsPassingResultsInDependencyOrder() throws Exception {
    var pipeline = example("build-test-package.yaml");
    try (var operator = operator()) {
      var started = System.nanoTime();
      platform.kubernetes.resource(pipeline).create();
      var done = awaitFinished("build-test-package", Duration.ofSeconds(60));
      System.out.printf("pipeline chain: build-test-package created to Succeeded in %.2f s%n",
          (System.nanoTime() - started) / 1e9);

      var status = done.getStatus();
      assertThat(status.getPhase()).as(describe(done)).isEqualTo(RunPhase.Succeeded);
      assertThat(condition(status, PipelineStatus.SUCCEEDED)).satisfies(c -> {
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo("Succeeded");
      });
      assertThat(condition(status, PipelineStatus.RUNNING).getStatus()).isEqualTo("False");
      assertThat(status.getProgress()).isEqualTo("5/5");
      assertThat(status.getCompletionTime()).isNotNull();
      assertThat(status.getTasks()).extracting(PipelineTaskState::getName, PipelineTaskState::getPhase)
          .containsExactlyElementsOf(BUILD_TASKS.stream()
              .map(t -> org.assertj.core.groups.Tuple.tuple(t, StepPhase.Succeeded)).toList());
      assertThat(status.getResults()).containsExactlyEntriesOf(orderedMap(
          "image", "registry.example.com/lab/anvil-demo:1.4.2",
          "artifact", "anvil-demo-1.4.2.tar.gz",
          "tests", "3 passed, lint 0 warning(s)"));

      var children = children("build-test-package");
      assertThat(children.keySet()).containsExactlyInAnyOrderElementsOf(BUILD_TASKS);
      children.values().forEach(job -> assertThat(job.getStatus().getAttempts()).as("attempts of %s", name(job))
          .singleElement().satisfies(a -> assertThat(a.getExitCode()).isZero()));
      assertRanInDependencyOrder(children);
      assertThat(children.get("test").getStatus().getResults()).containsEntry("verdict", "pass");
      assertThat(children.get("notify").getStatus().getResults()).containsEntry("saw", "Succeeded");
      assertThat(children.get("build").getMetadata().getLabels()).containsEntry("anvil.dev/pipeline",
          "build-test-package").containsEntry("anvil.dev/pipeline-task", "build");

      // references are substituted in the child's script; the shell's own $(date ...) is left for the shell
      var testScript = children.get("test").getSpec().getAgent().getScript();
      assertThat(testScript).contains("echo \"testing registry.example.com/lab/anvil-demo:1.4.2\"")
          .doesNotContain("$(tasks.").doesNotContain("$(params.");
      assertThat(children.get("build").getSpec().getAgent().getScript())
          .contains("for Pipeline default/build-test-package").contains("$(date -u +%H:%M:%S)");
      assertThat(log(children.get("build"))).anySatisfy(line -> assertThat(line)
          .matches("task build started at \\d\\d:\\d\\d:\\d\\d"));
      assertThat(log(children.get("notify")))
          .containsExactly("Pipeline build-test-package: Succeeded (package: Succeeded)");
    }
  }

  @Test
  void theFailFastExampleStopsTheRunningTaskSkipsTheRestAndStillCleansUp() throws Exception {
    var pipeline = example("fail-fast-cleanup.yaml");
    try (var operator = operator()) {
      platform.kubernetes.resource(pipeline).create();
      var done = awaitFinished("smoke-then-cleanup", Duration.ofSeconds(60));

      var status = done.getStatus();
      assertThat(status.getPhase()).as(describe(done)).isEqualTo(RunPhase.Failed);
      assertThat(condition(status, PipelineStatus.SUCCEEDED)).satisfies(c -> {
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("TaskFailed");
        assertThat(c.getMessage()).startsWith("failed: smoke");
      });
      assertThat(condition(status, PipelineStatus.FAILED).getStatus()).isEqualTo("True");
      assertThat(status.getProgress()).isEqualTo("5/5");
      var tasks = status.getTasks().stream().collect(Collectors.toMap(PipelineTaskState::getName, t -> t));
      assertThat(tasks.get("provision").getPhase()).isEqualTo(StepPhase.Succeeded);
      assertThat(tasks.get("smoke").getPhase()).isEqualTo(StepPhase.Failed);
      assertThat(tasks.get("soak").getPhase()).isEqualTo(StepPhase.Failed);
      assertThat(tasks.get("soak").getMessage()).isEqualTo("stopped: task smoke failed and failFast is on");
      assertThat(tasks.get("report").getPhase()).isEqualTo(StepPhase.Skipped);
      assertThat(tasks.get("report").getSkipReason()).isEqualTo(PipelineTaskState.SKIP_PIPELINE_FAILED);
      assertThat(tasks.get("cleanup").getPhase()).isEqualTo(StepPhase.Succeeded);

      var children = children("smoke-then-cleanup");
      assertThat(children.keySet()).containsExactlyInAnyOrder("provision", "smoke", "soak", "cleanup");
      assertThat(children.get("smoke").getStatus().getAttempts()).singleElement()
          .satisfies(a -> assertThat(a.getExitCode()).isEqualTo(3));
      var soak = children.get("soak");
      assertThat(soak.getSpec().getSuspend()).isTrue();
      assertThat(soak.getMetadata().getAnnotations()).containsEntry("anvil.dev/stopped-by-pipeline",
          "PipelineFailed: task smoke failed and failFast is on");
      // the stopped child's process is ended on the agent, not left to its 5 minutes of sleep
      var stopped = awaitJob(soak, j -> j.getStatus().getPhase() == JobPhase.Suspended
          && j.getStatus().getAttempts().get(0).getFinishTime() != null);
      assertThat(stopped.getStatus().getAttempts()).singleElement()
          .satisfies(a -> assertThat(a.getReason()).isEqualTo(Attempt.SUSPENDED));
      assertThat(children.get("cleanup").getStatus().getResults()).containsEntry("saw", "Failed");
      var env = children.get("provision").getStatus().getResults().get("env");
      assertThat(env).isEqualTo("smoke-" + done.getMetadata().getUid());
      assertThat(log(children.get("cleanup")))
          .containsExactly("tearing down " + env + ": run Failed, smoke Failed, soak Failed");
    }
  }

  @Test
  void anOperatorClosedMidPipelineAndRestartedFinishesTheRunWithEveryTaskRunOnce() throws Exception {
    var pipeline = example("build-test-package.yaml");
    pipeline.getMetadata().setName("outlives-operator");
    var runs = temp.resolve("runs");
    var gate = temp.resolve("gate");
    // every process appends its task name to a file; test waits for a gate, so the operator closes while it runs
    for (var task : allTasks(pipeline)) {
      var agent = task.getJob().getAgent();
      var hold = task.getName().equals("test")
          ? "while [ ! -e '" + gate + "' ]; do sleep 0.1; done\n" : "";
      agent.setScript("echo \"$(context.task.name) $ANVIL_ATTEMPT_ID\" >> '" + runs + "'\n" + hold + agent.getScript());
    }

    var first = operator();
    try {
      platform.kubernetes.resource(pipeline).create();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .until(() -> tasksRun(runs).contains("test"));
    } finally {
      first.close();
    }
    var midway = get("outlives-operator");
    assertThat(midway.getStatus().getPhase()).as(describe(midway)).isEqualTo(RunPhase.Running);
    assertThat(tasksRun(runs)).doesNotContain("package", "notify");

    var swapped = System.nanoTime();
    try (var second = operator()) {
      Files.writeString(gate, "open");
      var done = awaitFinished("outlives-operator", Duration.ofSeconds(60));
      System.out.printf("pipeline chain: new operator to Succeeded in %.2f s%n", (System.nanoTime() - swapped) / 1e9);
      assertThat(done.getStatus().getPhase()).as(describe(done)).isEqualTo(RunPhase.Succeeded);
      assertThat(done.getStatus().getProgress()).isEqualTo("5/5");
      assertThat(done.getStatus().getResults()).containsEntry("artifact", "anvil-demo-1.4.2.tar.gz");

      var children = children("outlives-operator");
      assertThat(children.keySet()).containsExactlyInAnyOrderElementsOf(BUILD_TASKS);
      children.values().forEach(job -> assertThat(job.getStatus().getAttempts()).as("attempts of %s", name(job))
          .hasSize(1));
      assertThat(tasksRun(runs)).as("each task's process ran exactly once")
          .containsExactlyInAnyOrderElementsOf(BUILD_TASKS);
      var attemptIds = Files.readAllLines(runs).stream().map(l -> l.split(" ")[1]).toList();
      assertThat(attemptIds).containsExactlyInAnyOrderElementsOf(children.values().stream()
          .map(j -> new AttemptId(j.getMetadata().getUid(), 1).toString()).toList());
      assertRanInDependencyOrder(children);
      assertThat(children.get("notify").getStatus().getResults()).containsEntry("saw", "Succeeded");
    }
  }

  /** Each task started only after the ones it depends on completed (child Job status times, the operator's clock). */
  private static void assertRanInDependencyOrder(Map<String, Job> children) {
    Function<String, Instant> start = t -> Instant.parse(children.get(t).getStatus().getStartTime());
    Function<String, Instant> end = t -> Instant.parse(children.get(t).getStatus().getCompletionTime());
    assertThat(start.apply("test")).isAfterOrEqualTo(end.apply("build"));
    assertThat(start.apply("lint")).isAfterOrEqualTo(end.apply("build"));
    assertThat(start.apply("package")).isAfterOrEqualTo(end.apply("test")).isAfterOrEqualTo(end.apply("lint"));
    for (var task : List.of("build", "test", "lint", "package")) {
      assertThat(start.apply("notify")).as("notify after %s", task).isAfterOrEqualTo(end.apply(task));
    }
  }

  private AnvilOperator operator() {
    return platform.operator(OperatorConfig.local().withAgentBus(platform.central.uri(), Duration.ofSeconds(2)));
  }

  /** The example as {@code kubectl apply -f} would send it. */
  private static Pipeline example(String file) throws IOException {
    var yaml = Files.readString(EXAMPLES.resolve(file));
    var pipeline = platform.kubernetes.getKubernetesSerialization().unmarshal(yaml, Pipeline.class);
    assertThat(pipeline.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    return pipeline;
  }

  private static List<PipelineTask> allTasks(Pipeline pipeline) {
    return Stream.concat(pipeline.getSpec().getTasks().stream(), pipeline.getSpec().getFinallyTasks().stream())
        .toList();
  }

  private static Pipeline awaitFinished(String name, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
      var status = get(name).getStatus();
      return status != null && (status.getPhase() == RunPhase.Succeeded || status.getPhase() == RunPhase.Failed);
    });
    return get(name);
  }

  private static Pipeline get(String name) {
    return platform.kubernetes.resources(Pipeline.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** The Pipeline's child Jobs by task, as {@code kubectl get jobs.anvil.dev -l anvil.dev/pipeline=<name>} lists them. */
  private static Map<String, Job> children(String pipeline) {
    return platform.kubernetes.resources(Job.class).inNamespace(NAMESPACE).withLabel("anvil.dev/pipeline", pipeline)
        .list().getItems().stream()
        .collect(Collectors.toMap(j -> j.getMetadata().getLabels().get("anvil.dev/pipeline-task"), j -> j));
  }

  private static Job awaitJob(Job job, java.util.function.Predicate<Job> done) {
    var jobs = platform.kubernetes.resources(Job.class).inNamespace(NAMESPACE).withName(name(job));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> jobs.get().getStatus() != null && done.test(jobs.get()));
    return jobs.get();
  }

  /** The log lines of the Job's first attempt, once the agent has sent all of them. */
  private static List<String> log(Job job) {
    var attempt = new AttemptId(job.getMetadata().getUid(), 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> platform.strings.sync().get(BusKeys.logDone(attempt)) != null);
    return platform.strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
        .map(m -> m.getBody().get("text")).toList();
  }

  private static List<String> tasksRun(Path runs) throws IOException {
    return Files.exists(runs) ? Files.readAllLines(runs).stream().map(l -> l.split(" ")[0]).toList() : List.of();
  }

  private static Condition condition(PipelineStatus status, String type) {
    return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  private static String describe(Pipeline pipeline) {
    return "status of " + pipeline.getMetadata().getName() + ": "
        + platform.kubernetes.getKubernetesSerialization().asJson(pipeline.getStatus());
  }

  private static String name(Job job) {
    return job.getMetadata().getName();
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    var map = new java.util.LinkedHashMap<String, String>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
