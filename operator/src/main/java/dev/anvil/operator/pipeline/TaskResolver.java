package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.operator.run.Substitution;
import dev.anvil.operator.run.Substitution.UnresolvedReference;
import java.util.Map;

/** Values of the references in one task: params, context, earlier tasks' results and, for finally tasks, statuses. */
final class TaskResolver implements Substitution.Resolver {

  private final Pipeline pipeline;
  private final PipelineShape shape;
  private final Map<String, TaskStep> steps;
  private final String task;

  TaskResolver(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps, String task) {
    this.pipeline = pipeline;
    this.shape = shape;
    this.steps = steps;
    this.task = task;
  }

  @Override
  public String resolve(String reference) {
    if (reference.startsWith("params.")) {
      return known(shape.params.get(reference.substring("params.".length())), reference);
    }
    switch (reference) {
      case "context.pipeline.name":
        return pipeline.getMetadata().getName();
      case "context.pipeline.namespace":
        return pipeline.getMetadata().getNamespace();
      case "context.pipeline.uid":
        return pipeline.getMetadata().getUid();
      case "context.task.name":
        return task;
      case "tasks.status":
        return regularTasksStatus();
      default:
        break;
    }
    var result = Substitution.resultReference(reference, "tasks");
    if (result != null) {
      return result(result.step(), result.key());
    }
    if (reference.startsWith("tasks.") && reference.endsWith(".status")) {
      var step = steps.get(reference.substring("tasks.".length(), reference.length() - ".status".length()));
      return known(step == null ? null : step.phase.name(), reference);
    }
    throw new UnresolvedReference("unknown reference $(" + reference + ")");
  }

  /** Succeeded when no regular task failed (skipped ones do not count), Failed otherwise. */
  private String regularTasksStatus() {
    boolean failed = shape.regularNames().stream().map(steps::get).anyMatch(TaskStep::countsAsFailure);
    return failed ? "Failed" : "Succeeded";
  }

  private String result(String source, String key) {
    var step = steps.get(source);
    if (step == null || step.phase != StepPhase.Succeeded) {
      throw new UnresolvedReference("task " + source + " did not succeed, so $(tasks." + source + ".results." + key
          + ") has no value");
    }
    var results = step.child == null || step.child.getStatus() == null ? Map.<String, String>of()
        : step.child.getStatus().getResults();
    var value = results.get(key);
    if (value == null) {
      throw new UnresolvedReference("task " + source + " has no result '" + key + "' (it has: "
          + String.join(", ", results.keySet()) + ")");
    }
    return value;
  }

  private static String known(String value, String reference) {
    if (value == null) {
      throw new UnresolvedReference("$(" + reference + ") has no value");
    }
    return value;
  }
}
