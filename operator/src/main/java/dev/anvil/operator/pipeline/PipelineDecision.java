package dev.anvil.operator.pipeline;

import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;
import static dev.anvil.operator.status.Conditions.UNKNOWN;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineStatus;
import dev.anvil.crds.v1alpha1.PipelineTaskState;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.operator.run.Substitution.UnresolvedReference;
import dev.anvil.operator.status.Conditions;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides one reconcile of a Pipeline from its spec and its child Jobs alone: every task's state is derived from its
 * child (or from what it waits for), so a restarted operator decides exactly as the one before it.
 */
public final class PipelineDecision {

  static final String INVALID_SPEC = "InvalidSpec";
  static final String TASK_FAILED = "TaskFailed";
  static final String TIMEOUT = "Timeout";
  /**
   * Set on a Pipeline to stop it (by a person, or by the Workflow that runs it): running tasks are stopped, the rest
   * skipped, finally tasks run, and the run fails with reason Stopped. The value says why.
   */
  public static final String STOP_ANNOTATION = "anvil.dev/stop";
  static final String STOPPED = "Stopped";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private PipelineDecision() {
  }

  public static boolean isFinished(PipelineStatus status) {
    return status != null && (status.getPhase() == RunPhase.Succeeded || status.getPhase() == RunPhase.Failed);
  }

  /** {@code shape}: the checked spec ({@link PipelineShape#of}); {@code children}: the child Jobs by task name. */
  static PipelinePlan decide(Pipeline pipeline, PipelineShape shape, Map<String, Job> children, Instant now) {
    var previous = pipeline.getStatus();
    var status = previous == null ? new PipelineStatus() : SERIALIZATION.clone(previous);
    var plan = new PipelinePlan(status);
    long generation = pipeline.getMetadata().getGeneration() == null ? 0 : pipeline.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    if (status.getStartTime() == null) {
      status.setStartTime(now.toString());
    }
    if (!shape.valid()) {
      var message = String.join("; ", shape.problems);
      finish(plan, pipeline, false, INVALID_SPEC, message, now);
      return plan;
    }
    var previousEntries = previous == null ? Map.<String, PipelineTaskState>of()
        : previous.getTasks().stream().collect(Collectors.toMap(PipelineTaskState::getName, e -> e, (a, b) -> a));
    var steps = new LinkedHashMap<String, TaskStep>();
    shape.tasks.keySet().forEach(name -> steps.put(name, observe(name, children.get(name), previousEntries.get(name),
        pipeline)));
    var deadline = deadline(pipeline, status);
    boolean timedOut = deadline != null && !now.isBefore(deadline);
    decideWaiting(pipeline, shape, steps, shape.regularNames());
    stopOnFailure(pipeline, shape, steps, timedOut, plan);
    stopOnRequest(pipeline, shape, steps, plan);
    if (shape.regularNames().stream().allMatch(n -> steps.get(n).terminal())) {
      decideWaiting(pipeline, shape, steps, List.copyOf(shape.finallyNames));
    }
    start(pipeline, shape, steps, plan);
    if (deadline != null && !timedOut) {
      plan.requeueWithin(Duration.between(now, deadline));
    }
    record(pipeline, shape, steps, previousEntries, plan, now);
    return plan;
  }

  /**
   * Records that the API refused the child of {@code task} for good. The task becomes Failed in status.tasks; a
   * compact list (more than 100 tasks) left its Running entry out, so the entry is added in spec order: without it
   * the next reconcile would find neither child nor entry and create the refused child again, every second, forever.
   */
  static void refused(PipelinePlan plan, Pipeline pipeline, String task, String problem, Instant now) {
    var entries = plan.status.getTasks();
    var entry = entries.stream().filter(e -> e.getName().equals(task)).findFirst().orElse(null);
    if (entry == null) {
      var order = specOrder(pipeline);
      int index = order.indexOf(task);
      int at = 0;
      while (at < entries.size() && order.indexOf(entries.get(at).getName()) < index) {
        at++;
      }
      entry = new PipelineTaskState(task, StepPhase.Failed);
      entries.add(at, entry);
    }
    entry.setPhase(StepPhase.Failed);
    entry.setMessage(problem);
    entry.setCompletionTime(now.toString());
  }

  private static List<String> specOrder(Pipeline pipeline) {
    var spec = pipeline.getSpec();
    return java.util.stream.Stream.concat(spec.getTasks().stream(),
            spec.getFinallyTasks() == null ? java.util.stream.Stream.empty() : spec.getFinallyTasks().stream())
        .map(t -> t.getName()).toList();
  }

  private static TaskStep observe(String name, Job child, PipelineTaskState previous, Pipeline pipeline) {
    if (child != null) {
      return TaskStep.ofChild(name, child);
    }
    var step = new TaskStep(name);
    if (previous == null) {
      return step;
    }
    switch (previous.getPhase()) {
      case Failed -> step.fail(previous.getMessage()); // its child was refused or could not be built
      case Skipped -> step.skip(previous.getSkipReason(), previous.getMessage());
      case Running, Retrying -> step.fail("its child Job " + ChildJobs.name(pipeline, name) + " was deleted");
      default -> {
      }
    }
    return step;
  }

  private static Instant deadline(Pipeline pipeline, PipelineStatus status) {
    var timeout = pipeline.getSpec().getTimeout();
    return timeout == null ? null : Instant.parse(status.getStartTime()).plus(Durations.parse(timeout));
  }

  /** Decides the tasks of {@code names} (in graph order) that have no child yet: skip, fail, wait or ready. */
  private static void decideWaiting(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps,
      List<String> names) {
    var subset = Set.copyOf(names);
    for (var name : shape.graph.order()) {
      var step = steps.get(name);
      if (!subset.contains(name) || step.child != null || step.terminal()) {
        continue;
      }
      var upstream = shape.graph.upstream(name).stream().map(steps::get).toList();
      if (upstream.stream().anyMatch(s -> !s.terminal())) {
        continue;
      }
      var blocking = upstream.stream().filter(TaskStep::blocksDownstream).findFirst();
      if (blocking.isPresent()) {
        var b = blocking.get();
        step.skip(PipelineTaskState.SKIP_UPSTREAM_FAILED, "runs after " + b.name + ", which "
            + (b.phase == StepPhase.Failed ? "failed" : "was skipped (" + b.skipReason + ")"));
        continue;
      }
      var missing = shape.resultSources.get(name).stream().map(steps::get)
          .filter(s -> s.phase != StepPhase.Succeeded).findFirst();
      if (missing.isPresent()) {
        step.skip(PipelineTaskState.SKIP_UPSTREAM_FAILED, "needs results of " + missing.get().name + ", which "
            + (missing.get().phase == StepPhase.Skipped ? "was skipped" : "did not succeed"));
        continue;
      }
      var resolver = new TaskResolver(pipeline, shape, steps, name);
      try {
        var falseGuard = WhenGuards.firstFalse(shape.tasks.get(name).getWhen(), resolver);
        if (falseGuard != null) {
          step.skip(PipelineTaskState.SKIP_WHEN_FALSE, falseGuard);
        } else {
          step.ready = true;
        }
      } catch (UnresolvedReference e) {
        step.fail(e.getMessage());
      }
    }
  }

  /** Fail-fast or timeout: stop the running regular tasks and skip the ones not started. */
  private static void stopOnFailure(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps,
      boolean timedOut, PipelinePlan plan) {
    var failed = shape.regularNames().stream().map(steps::get).filter(s -> s.phase == StepPhase.Failed).findFirst();
    boolean failFast = !Boolean.FALSE.equals(pipeline.getSpec().getFailFast());
    if (!timedOut && (failed.isEmpty() || !failFast)) {
      return;
    }
    var why = timedOut ? "the Pipeline's timeout of " + pipeline.getSpec().getTimeout() + " passed"
        : "task " + failed.get().name + " failed and failFast is on";
    for (var name : shape.regularNames()) {
      var step = steps.get(name);
      if (step.active() && step.child != null) {
        step.stop(timedOut ? PipelineTaskState.SKIP_TIMEOUT : PipelineTaskState.SKIP_PIPELINE_FAILED, why);
        plan.stops.add(new PipelinePlan.Stop(step.child, step.stoppedBy()));
      } else if (!step.terminal()) {
        step.skip(timedOut ? PipelineTaskState.SKIP_TIMEOUT : PipelineTaskState.SKIP_PIPELINE_FAILED, why);
      }
    }
  }

  /** The stop annotation: like fail-fast, whatever the tasks did. */
  private static void stopOnRequest(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps,
      PipelinePlan plan) {
    var annotations = pipeline.getMetadata().getAnnotations();
    var why = annotations == null ? null : annotations.get(STOP_ANNOTATION);
    if (why == null) {
      return;
    }
    for (var name : shape.regularNames()) {
      var step = steps.get(name);
      if (step.active() && step.child != null) {
        step.stop(STOPPED, why);
        plan.stops.add(new PipelinePlan.Stop(step.child, step.stoppedBy()));
      } else if (!step.terminal()) {
        step.skip(STOPPED, why);
      }
    }
  }

  /** Starts ready tasks in spec order while parallelism slots are free. */
  private static void start(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps, PipelinePlan plan) {
    var maxParallel = pipeline.getSpec().getMaxParallel();
    long running = steps.values().stream().filter(TaskStep::active).count();
    for (var step : steps.values()) {
      if (!step.ready || maxParallel != null && running >= maxParallel) {
        continue;
      }
      try {
        var child = ChildJobs.build(pipeline, shape.tasks.get(step.name),
            new TaskResolver(pipeline, shape, steps, step.name));
        plan.creates.add(child);
        step.child = child;
        step.phase = StepPhase.Running;
        step.ready = false;
        running++;
      } catch (UnresolvedReference e) {
        step.fail(e.getMessage());
      }
    }
  }

  private static void record(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps,
      Map<String, PipelineTaskState> previousEntries, PipelinePlan plan, Instant now) {
    var status = plan.status;
    int total = steps.size();
    status.setTasks(TaskEntries.of(pipeline, steps, previousEntries, total > PipelineStatus.LIST_SUCCEEDED_UP_TO_TASKS,
        now));
    long finished = steps.values().stream().filter(TaskStep::terminal).count();
    status.setProgress(finished + "/" + total);
    status.setResults(PipelineResults.of(pipeline, shape, steps));
    steps.values().stream().filter(s -> s.phase == StepPhase.Failed)
        .filter(s -> previousEntries.get(s.name) == null || previousEntries.get(s.name).getPhase() != StepPhase.Failed)
        .forEach(s -> plan.notes.add(new PipelinePlan.Note(true, TASK_FAILED, "task " + s.name + ": " + s.message)));
    long active = steps.values().stream().filter(TaskStep::active).count();
    if (finished == total) {
      var failures = steps.values().stream().filter(TaskStep::countsAsFailure).toList();
      if (failures.isEmpty()) {
        finish(plan, pipeline, true, "Succeeded", "all " + total + " tasks succeeded or were skipped", now);
      } else {
        boolean timeout = failures.stream().anyMatch(TaskStep::timedOut);
        boolean stopped = failures.stream().anyMatch(s -> STOPPED.equals(s.skipReason) || STOPPED.equals(s.stopReason));
        var failedNames = failures.stream().filter(s -> s.phase == StepPhase.Failed).map(s -> s.name).limit(5).toList();
        var reason = stopped ? STOPPED : timeout ? TIMEOUT : TASK_FAILED;
        finish(plan, pipeline, false, reason, stopped ? "stopped: " + pipeline.getMetadata().getAnnotations()
            .get(STOP_ANNOTATION) : timeout ? "the timeout of " + pipeline.getSpec().getTimeout() + " passed"
            : "failed: " + String.join(", ", failedNames) + (failures.size() > 5 ? ", ..." : ""), now);
      }
      return;
    }
    long generation = status.getObservedGeneration();
    status.setPhase(active > 0 || finished > 0 ? RunPhase.Running : RunPhase.Pending);
    Conditions.set(status.getConditions(), PipelineStatus.RUNNING, active > 0 ? TRUE : FALSE,
        active > 0 ? "TasksRunning" : "Waiting", active + " task(s) running", generation, now);
    Conditions.set(status.getConditions(), PipelineStatus.SUCCEEDED, UNKNOWN, "Running",
        finished + " of " + total + " tasks finished", generation, now);
  }

  private static void finish(PipelinePlan plan, Pipeline pipeline, boolean succeeded, String reason, String message,
      Instant now) {
    var status = plan.status;
    long generation = status.getObservedGeneration();
    status.setPhase(succeeded ? RunPhase.Succeeded : RunPhase.Failed);
    status.setCompletionTime(now.toString());
    Conditions.set(status.getConditions(), PipelineStatus.RUNNING, FALSE, reason, message, generation, now);
    Conditions.set(status.getConditions(), PipelineStatus.SUCCEEDED, succeeded ? TRUE : FALSE, reason, message,
        generation, now);
    if (!succeeded) {
      Conditions.set(status.getConditions(), PipelineStatus.FAILED, TRUE, reason, message, generation, now);
    }
    plan.notes.add(new PipelinePlan.Note(!succeeded, reason, message));
  }
}
