package dev.anvil.operator.pipeline;

import static dev.anvil.operator.pipeline.TestPipelines.param;
import static dev.anvil.operator.pipeline.TestPipelines.pipeline;
import static dev.anvil.operator.pipeline.TestPipelines.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineResult;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.WhenExpression;
import dev.anvil.operator.JobStandIn;
import dev.anvil.operator.TolerantSpecCloner;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.testing.SharedKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Pipeline reconciler against the embedded API, with {@link JobStandIn} running the child Jobs. */
class PipelineIT {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  @RegisterExtension
  static final SharedKubeApi KUBE = new SharedKubeApi();
  private JobStandIn jobs;
  private String namespace;
  private Operator operator;
  private EventRecorder events;



  @BeforeEach
  void start() {
    namespace = "p" + NAMESPACES.incrementAndGet();
    jobs = new JobStandIn(KUBE.client(), namespace, ChildJobs.TASK_LABEL);
    startOperator();
  }

  @AfterEach
  void stop() {
    operator.stop();
    events.close();
    jobs.close();
  }

  private void startOperator() {
    events = new EventRecorder(KUBE.client(), "pipeline-it");
    operator = new Operator(o -> o.withKubernetesClient(KUBE.client()).withCloseClientOnStop(false)
        .withResourceCloner(new TolerantSpecCloner(KUBE.client().getKubernetesSerialization()))
        .withUseSSAToPatchPrimaryResource(false).withConcurrentReconciliationThreads(4)
        .withReconciliationTerminationTimeout(Duration.ofSeconds(5)));
    operator.register(new PipelineReconciler(events, Clock.systemUTC()));
    operator.start();
  }

  /** This test's namespace, the one its {@link JobStandIn} runs Jobs in. */
  private String namespace() {
    return namespace;
  }

  private static Pipeline get(Pipeline p) {
    return KUBE.client().resources(Pipeline.class).inNamespace(p.getMetadata().getNamespace())
        .withName(p.getMetadata().getName()).get();
  }

  private static Pipeline apply(Pipeline p) {
    p.getMetadata().setUid(null);
    p.getMetadata().setGeneration(null);
    return KUBE.client().resource(p).create();
  }

  private static Pipeline awaitPhase(Pipeline p, RunPhase phase, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
      var current = get(p);
      return current.getStatus() != null && current.getStatus().getPhase() == phase;
    });
    return get(p);
  }

  @Test
  void buildTestPackagePassesResultsAndRunsFinally() {
    var ns = namespace();
    var pack = task("package", "ms=5 artifact=$(tasks.build.results.image)-$(params.version)", "test");
    pack.setWhen(List.of(new WhenExpression("$(tasks.test.results.verdict)", WhenExpression.Operator.in,
        List.of("pass"))));
    var p = pipeline(ns, "release", task("build", "ms=20 image=reg/app"), task("test", "ms=20 verdict=pass", "build"),
        pack);
    p.getSpec().setParams(List.of(param("version", "1.4.0")));
    p.getSpec().setFinallyTasks(List.of(task("notify", "ms=5 said=$(tasks.status)")));
    p.getSpec().setResults(List.of(new PipelineResult("artifact", "$(tasks.package.results.artifact)")));
    apply(p);
    var done = awaitPhase(p, RunPhase.Succeeded, Duration.ofSeconds(20));
    assertThat(done.getStatus().getResults()).containsEntry("artifact", "reg/app-1.4.0");
    assertThat(done.getStatus().getProgress()).isEqualTo("4/4");
    var notify = KUBE.client().resources(dev.anvil.crds.v1alpha1.Job.class).inNamespace(ns).withName("release-notify").get();
    assertThat(notify.getStatus().getResults()).containsEntry("said", "Succeeded");
    var runs = jobs.runs();
    assertThat(runs.get("release-test").startNanos()).isGreaterThan(runs.get("release-build").endNanos());
    assertThat(runs.get("release-notify").startNanos()).isGreaterThan(runs.get("release-package").endNanos());
  }

  @Test
  void aFailedTaskFailsTheRunAndFinallyStillRuns() {
    var ns = namespace();
    var p = pipeline(ns, "broken", task("a", "ms=5 fail"), task("b", "hang"), task("c", "ms=5", "a"));
    p.getSpec().setFinallyTasks(List.of(task("cleanup", "ms=5")));
    apply(p);
    var done = awaitPhase(p, RunPhase.Failed, Duration.ofSeconds(20));
    assertThat(done.getStatus().getTasks()).extracting(t -> t.getName() + ":" + t.getPhase()).contains(
        "a:Failed", "b:Failed", "c:Skipped", "cleanup:Succeeded");
    var stopped = KUBE.client().resources(dev.anvil.crds.v1alpha1.Job.class).inNamespace(ns).withName("broken-b").get();
    assertThat(stopped.getSpec().getSuspend()).isTrue();
    assertThat(stopped.getMetadata().getAnnotations()).containsKey(TaskStep.STOPPED_ANNOTATION);
  }

  @Test
  void wideRunsFiveHundredTasksInParallelWithinMaxParallel() {
    var tasks = new ArrayList<PipelineTask>();
    for (int i = 0; i < 500; i++) {
      tasks.add(task("t" + i, "ms=50"));
    }
    var p = pipeline(namespace(), "wide", tasks.toArray(PipelineTask[]::new));
    p.getSpec().setMaxParallel(100);
    long started = System.nanoTime();
    apply(p);
    var done = awaitPhase(p, RunPhase.Succeeded, Duration.ofSeconds(120));
    System.out.printf("wide: 500 tasks in %d ms, at most %d at once%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), jobs.mostRunningAtOnce());
    assertThat(done.getStatus().getProgress()).isEqualTo("500/500");
    assertThat(jobs.mostRunningAtOnce()).isBetween(2, 100);
    assertThat(jobs.added().values()).hasSize(500).allMatch(n -> n == 1);
  }

  @Test
  void deepRunsTwoHundredTasksInOrder() {
    var tasks = new ArrayList<PipelineTask>();
    for (int i = 0; i < 200; i++) {
      tasks.add(i == 0 ? task("t0", "ms=1") : task("t" + i, "ms=1", "t" + (i - 1)));
    }
    var p = pipeline(namespace(), "deep", tasks.toArray(PipelineTask[]::new));
    long started = System.nanoTime();
    apply(p);
    awaitPhase(p, RunPhase.Succeeded, Duration.ofSeconds(120));
    System.out.printf("deep: 200 chained tasks in %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
    for (int i = 1; i < 200; i++) {
      assertThat(jobs.runs().get("deep-t" + i).startNanos()).isGreaterThan(jobs.runs().get("deep-t" + (i - 1))
          .endNanos());
    }
    assertThat(jobs.mostRunningAtOnce()).isEqualTo(1);
  }

  @Test
  void aThousandTaskPipelineStaysUnderOneHundredKibibytes() throws Exception {
    var tasks = new ArrayList<PipelineTask>();
    for (int i = 0; i < 1000; i++) {
      tasks.add(task("task-" + i, "ms=20 out=" + i));
    }
    var p = pipeline(namespace(), "thousand", tasks.toArray(PipelineTask[]::new));
    var largest = new AtomicInteger();
    var serialization = new KubernetesSerialization();
    try (var watch = KUBE.client().resources(Pipeline.class).inNamespace(p.getMetadata().getNamespace())
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pipeline resource) {
            largest.accumulateAndGet(serialization.asJson(resource).getBytes(StandardCharsets.UTF_8).length, Math::max);
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
      apply(p);
      var done = awaitPhase(p, RunPhase.Succeeded, Duration.ofSeconds(180));
      System.out.printf("thousand: largest Pipeline object %d bytes, final %d bytes, most tasks at once %d%n",
          largest.get(), serialization.asJson(done).length(), jobs.mostRunningAtOnce());
    }
    assertThat(largest.get()).isLessThan(100 * 1024);
  }

  @Test
  void anOperatorStoppedMidRunLeavesNothingRunTwice() {
    var tasks = new ArrayList<PipelineTask>();
    for (int i = 0; i < 30; i++) {
      tasks.add(i == 0 ? task("s0", "ms=30") : task("s" + i, "ms=30", "s" + (i - 1)));
    }
    var p = pipeline(namespace(), "restart", tasks.toArray(PipelineTask[]::new));
    apply(p);
    await().atMost(Duration.ofSeconds(20)).until(() -> jobs.added().size() >= 10);
    operator.stop();
    events.close();
    int atStop = jobs.added().size();
    startOperator();
    awaitPhase(p, RunPhase.Succeeded, Duration.ofSeconds(30));
    System.out.printf("restart: operator stopped after %d of 30 tasks%n", atStop);
    assertThat(jobs.added()).hasSize(30).allSatisfy((name, times) -> assertThat(times).isEqualTo(1));
    assertThat(jobs.deleted()).isEmpty();
  }
}
