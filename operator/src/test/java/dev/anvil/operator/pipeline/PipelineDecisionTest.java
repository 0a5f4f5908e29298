package dev.anvil.operator.pipeline;

import static dev.anvil.operator.pipeline.TestPipelines.child;
import static dev.anvil.operator.pipeline.TestPipelines.children;
import static dev.anvil.operator.pipeline.TestPipelines.param;
import static dev.anvil.operator.pipeline.TestPipelines.pipeline;
import static dev.anvil.operator.pipeline.TestPipelines.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineResult;
import dev.anvil.crds.v1alpha1.PipelineTaskState;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.WhenExpression;
import dev.anvil.crds.v1alpha1.WhenExpression.Operator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineDecisionTest {

  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

  private static List<String> created(PipelinePlan plan) {
    return plan.creates.stream().map(j -> j.getMetadata().getName()).toList();
  }

  private static PipelineTaskState entry(PipelinePlan plan, String task) {
    return plan.status.getTasks().stream().filter(e -> e.getName().equals(task)).findFirst().orElse(null);
  }

  /** Decides, then records the status on the Pipeline as the reconciler would. */
  private static PipelinePlan decide(Pipeline pipeline, Map<String, dev.anvil.crds.v1alpha1.Job> children,
      Instant now) {
    var plan = PipelineDecision.decide(pipeline, PipelineShape.of(pipeline.getSpec()), children, now);
    pipeline.setStatus(plan.status);
    return plan;
  }

  @Test
  void startsTasksWithoutDependenciesAndSubstitutesParams() {
    var p = pipeline("ns", "rel", task("build", "make VERSION=$(params.version) $(date)"), task("test", "t", "build"));
    p.getSpec().setParams(List.of(param("version", "1.4.0")));
    var plan = decide(p, Map.of(), NOW);
    assertThat(created(plan)).containsExactly("rel-build");
    var child = plan.creates.get(0);
    assertThat(child.getSpec().getAgent().getScript()).isEqualTo("make VERSION=1.4.0 $(date)");
    assertThat(child.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("rel-uid");
    assertThat(child.getMetadata().getLabels()).containsEntry(ChildJobs.PIPELINE_LABEL, "rel")
        .containsEntry(ChildJobs.TASK_LABEL, "build");
    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Running);
    assertThat(plan.status.getProgress()).isEqualTo("0/2");
  }

  @Test
  void passesResultsAndWaitsForTheTasksItReferences() {
    var p = pipeline("ns", "rel", task("build", "b"), task("package", "pack $(tasks.build.results.image)"));
    p.getSpec().setResults(List.of(new PipelineResult("image", "$(tasks.build.results.image)")));
    assertThat(created(decide(p, Map.of(), NOW))).containsExactly("rel-build");
    var built = child(p, "build", JobPhase.Succeeded, Map.of("image", "reg/app:1"));
    var plan = decide(p, children(built), NOW);
    assertThat(created(plan)).containsExactly("rel-package");
    assertThat(plan.creates.get(0).getSpec().getAgent().getScript()).isEqualTo("pack reg/app:1");
    assertThat(plan.status.getResults()).containsEntry("image", "reg/app:1");
  }

  @Test
  void aMissingResultFailsTheTaskThatNeedsIt() {
    var p = pipeline("ns", "rel", task("build", "b"), task("package", "pack $(tasks.build.results.image)"));
    var plan = decide(p, children(child(p, "build", JobPhase.Succeeded, Map.of("digest", "x"))), NOW);
    assertThat(entry(plan, "package").getPhase()).isEqualTo(StepPhase.Failed);
    assertThat(entry(plan, "package").getMessage()).contains("has no result 'image'").contains("digest");
    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Failed);
  }

  @Test
  void aFalseWhenSkipsTheTaskButNotWhatRunsAfterIt() {
    var pack = task("package", "p", "test");
    pack.setWhen(List.of(new WhenExpression("$(tasks.test.results.verdict)", Operator.in, List.of("pass"))));
    var p = pipeline("ns", "rel", task("test", "t"), pack, task("publish", "x", "package"));
    var plan = decide(p, children(child(p, "test", JobPhase.Succeeded, Map.of("verdict", "fail"))), NOW);
    assertThat(entry(plan, "package").getSkipReason()).isEqualTo(PipelineTaskState.SKIP_WHEN_FALSE);
    assertThat(entry(plan, "package").getMessage()).contains("'fail' in [pass] is false");
    assertThat(created(plan)).containsExactly("rel-publish");
  }

  @Test
  void failFastStopsRunningTasksAndSkipsTheRestThenFinallyRuns() {
    var p = pipeline("ns", "rel", task("a", "a"), task("b", "b"), task("c", "c", "a"), task("d", "d", "b"));
    p.getSpec().setFinallyTasks(List.of(task("notify", "notify $(tasks.status) $(tasks.a.status)")));
    var plan = decide(p, children(child(p, "a", JobPhase.Failed, Map.of()), child(p, "b", JobPhase.Running, Map.of())),
        NOW);
    assertThat(plan.stops).extracting(s -> s.child().getMetadata().getName()).containsExactly("rel-b");
    assertThat(plan.stops.get(0).stoppedBy()).isEqualTo("PipelineFailed: task a failed and failFast is on");
    assertThat(entry(plan, "b").getPhase()).isEqualTo(StepPhase.Failed);
    assertThat(entry(plan, "c").getSkipReason()).isEqualTo(PipelineTaskState.SKIP_UPSTREAM_FAILED);
    assertThat(entry(plan, "d").getSkipReason()).isEqualTo(PipelineTaskState.SKIP_PIPELINE_FAILED);
    assertThat(created(plan)).containsExactly("rel-notify");
    assertThat(plan.creates.get(0).getSpec().getAgent().getScript()).isEqualTo("notify Failed Failed");
    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Running);
  }

  @Test
  void withoutFailFastIndependentBranchesRunToTheEnd() {
    var p = pipeline("ns", "rel", task("a", "a"), task("b", "b"), task("c", "c", "a"), task("d", "d", "b"));
    p.getSpec().setFailFast(false);
    var plan = decide(p, children(child(p, "a", JobPhase.Failed, Map.of()), child(p, "b", JobPhase.Succeeded,
        Map.of())), NOW);
    assertThat(plan.stops).isEmpty();
    assertThat(entry(plan, "c").getSkipReason()).isEqualTo(PipelineTaskState.SKIP_UPSTREAM_FAILED);
    assertThat(created(plan)).containsExactly("rel-d");
    var done = decide(p, children(child(p, "a", JobPhase.Failed, Map.of()), child(p, "b", JobPhase.Succeeded,
        Map.of()), child(p, "d", JobPhase.Succeeded, Map.of())), NOW);
    assertThat(done.status.getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(done.status.getConditions()).anyMatch(c -> c.getType().equals("Succeeded")
        && c.getReason().equals(PipelineDecision.TASK_FAILED) && c.getMessage().equals("failed: a"));
  }

  @Test
  void maxParallelLimitsStarts() {
    var p = pipeline("ns", "wide", task("a", "a"), task("b", "b"), task("c", "c"), task("d", "d"));
    p.getSpec().setMaxParallel(2);
    assertThat(created(decide(p, Map.of(), NOW))).containsExactly("wide-a", "wide-b");
    var plan = decide(p, children(child(p, "a", JobPhase.Succeeded, Map.of()), child(p, "b", JobPhase.Running,
        Map.of())), NOW);
    assertThat(created(plan)).containsExactly("wide-c");
  }

  @Test
  void theTimeoutStopsTasksSkipsTheRestAndFailsWithReasonTimeout() {
    var p = pipeline("ns", "slow", task("a", "a"), task("b", "b", "a"));
    p.getSpec().setTimeout("10m");
    var first = decide(p, Map.of(), NOW);
    assertThat(first.requeueAfter).isEqualTo(Duration.ofMinutes(10));
    var plan = decide(p, children(child(p, "a", JobPhase.Running, Map.of())), NOW.plus(Duration.ofMinutes(10)));
    assertThat(plan.stops).hasSize(1);
    assertThat(entry(plan, "b").getSkipReason()).isEqualTo(PipelineTaskState.SKIP_TIMEOUT);
    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(plan.status.getConditions()).anyMatch(c -> c.getReason().equals(PipelineDecision.TIMEOUT));
  }

  @Test
  void invalidSpecsNameEveryProblem() {
    var p = pipeline("ns", "bad", task("a", "$(params.nope) $(tasks.ghost.results.x)", "b"), task("b", "b", "a"),
        task("c", "$(tasks.status)", "zzz"));
    var plan = decide(p, Map.of(), NOW);
    assertThat(plan.creates).isEmpty();
    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Failed);
    var message = plan.status.getConditions().stream().filter(c -> c.getType().equals("Succeeded")).findFirst()
        .orElseThrow().getMessage();
    assertThat(message).contains("unknown param $(params.nope)", "results of unknown task ghost",
        "only finally tasks", "depends on unknown task zzz");
    var cycle = pipeline("ns", "cyc", task("a", "a", "b"), task("b", "b", "a"));
    assertThat(decide(cycle, Map.of(), NOW).status.getConditions()).anyMatch(c -> c.getReason().equals("InvalidSpec")
        && c.getMessage().equals("dependency cycle among tasks: a, b"));
  }

  @Test
  void perTaskRetryAndTimeoutGoToTheChild() {
    var t = task("a", "a");
    var retry = new RetryPolicy();
    retry.setLimit(3);
    t.setRetry(retry);
    t.setTimeout("90s");
    t.getJob().setTtlSecondsAfterFinished(60L);
    var child = decide(pipeline("ns", "p", t), Map.of(), NOW).creates.get(0);
    assertThat(child.getSpec().getRetry().getLimit()).isEqualTo(3);
    assertThat(child.getSpec().getActiveDeadlineSeconds()).isEqualTo(90);
    assertThat(child.getSpec().getTtlSecondsAfterFinished()).isNull();
  }

  @Test
  void largePipelinesListOnlyTheExceptionalTasks() {
    var tasks = new dev.anvil.crds.v1alpha1.PipelineTask[150];
    for (int i = 0; i < tasks.length; i++) {
      tasks[i] = task("t" + i, "x");
    }
    var p = pipeline("ns", "big", tasks);
    p.getSpec().setFailFast(false);
    var kids = new java.util.LinkedHashMap<String, dev.anvil.crds.v1alpha1.Job>();
    for (int i = 0; i < 150; i++) {
      var phase = i < 100 ? JobPhase.Succeeded : i == 100 ? JobPhase.Failed : JobPhase.Running;
      kids.put("t" + i, child(p, "t" + i, phase, Map.of()));
    }
    var plan = decide(p, kids, NOW);
    assertThat(plan.status.getTasks()).extracting(PipelineTaskState::getName).containsExactly("t100");
    assertThat(plan.status.getProgress()).isEqualTo("101/150");
  }

  @Test
  void aChildTheApiRefusedInALargePipelineFailsItsTaskInsteadOfBeingCreatedAgain() {
    var tasks = new dev.anvil.crds.v1alpha1.PipelineTask[120];
    for (int i = 0; i < tasks.length; i++) {
      tasks[i] = task("t" + i, "x");
    }
    var p = pipeline("ns", "big", tasks);
    var first = decide(p, Map.of(), NOW);
    assertThat(created(first)).hasSize(120).contains("big-t7");
    // the reconciler's create of big-t7 met a Job of somebody else's; the others were created and run
    PipelineDecision.refused(first, p, "t7", "a Job named big-t7 already exists and is not this Pipeline's", NOW);
    p.setStatus(first.status);
    assertThat(first.status.getTasks()).extracting(PipelineTaskState::getName).containsExactly("t7");

    var kids = new java.util.LinkedHashMap<String, dev.anvil.crds.v1alpha1.Job>();
    for (int i = 0; i < tasks.length; i++) {
      if (i != 7) {
        kids.put("t" + i, child(p, "t" + i, i == 3 ? JobPhase.Failed : JobPhase.Running, Map.of()));
      }
    }
    // before the fix the compact list had no entry for t7, so it looked never started and was created again
    var second = decide(p, kids, NOW.plusSeconds(1));
    assertThat(created(second)).isEmpty();
    assertThat(entry(second, "t7").getPhase()).isEqualTo(StepPhase.Failed);
    assertThat(entry(second, "t7").getMessage()).isEqualTo("a Job named big-t7 already exists and is not this "
        + "Pipeline's");
    assertThat(second.stops).hasSize(118); // t3 failed: fail-fast stops every other running task
    assertThat(second.status.getTasks()).extracting(PipelineTaskState::getName).as("failed tasks, in spec order")
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 120).mapToObj(i -> "t" + i).toList());
  }
}
