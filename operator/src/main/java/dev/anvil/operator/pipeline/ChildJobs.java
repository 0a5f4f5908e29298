package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.operator.run.ChildNames;
import dev.anvil.operator.run.JsonStrings;
import dev.anvil.operator.run.Substitution;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.LinkedHashMap;

/** Builds the child Job of a task: deterministic name, labels, owner reference, substituted spec. */
final class ChildJobs {

  /** Name of the Pipeline (when it fits a label value), so `kubectl get jobs -l anvil.dev/pipeline=x` lists them. */
  static final String PIPELINE_LABEL = "anvil.dev/pipeline";
  static final String PIPELINE_UID_LABEL = "anvil.dev/pipeline-uid";
  static final String TASK_LABEL = "anvil.dev/pipeline-task";

  private ChildJobs() {
  }

  static String name(Pipeline pipeline, String task) {
    return ChildNames.of(pipeline.getMetadata().getName(), task);
  }

  /** The child Job; throws {@link Substitution.UnresolvedReference} when a reference has no value. */
  static Job build(Pipeline pipeline, PipelineTask task, Substitution.Resolver resolver) {
    var spec = JsonStrings.rewrite(task.getJob(), JobSpec.class, text -> Substitution.apply(text, resolver));
    if (task.getRetry() != null) {
      spec.setRetry(task.getRetry());
    }
    if (task.getTimeout() != null) {
      long seconds = Math.max(1, (Durations.parse(task.getTimeout()).toMillis() + 999) / 1000);
      var own = spec.getActiveDeadlineSeconds();
      spec.setActiveDeadlineSeconds(own == null ? seconds : Math.min(own, seconds));
    }
    // the child lives as long as its Pipeline (owner reference): deleted early, the Pipeline would run the task again
    spec.setTtlSecondsAfterFinished(null);
    var meta = pipeline.getMetadata();
    var labels = new LinkedHashMap<String, String>();
    if (meta.getName().length() <= 63) {
      labels.put(PIPELINE_LABEL, meta.getName());
    }
    labels.put(PIPELINE_UID_LABEL, meta.getUid());
    labels.put(TASK_LABEL, task.getName());
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withName(name(pipeline, task.getName())).withNamespace(meta.getNamespace())
        .withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(pipeline.getApiVersion())
            .withKind(pipeline.getKind()).withName(meta.getName()).withUid(meta.getUid()).withController(true)
            .withBlockOwnerDeletion(true).build())
        .build());
    job.setSpec(spec);
    return job;
  }
}
