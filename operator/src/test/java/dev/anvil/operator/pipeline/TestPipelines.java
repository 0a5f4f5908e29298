package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.crds.v1alpha1.Param;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineSpec;
import dev.anvil.crds.v1alpha1.PipelineTask;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Pipelines of Agent-Job tasks for tests; a task's script tells {@link JobStandIn} how it ends. */
final class TestPipelines {

  private TestPipelines() {
  }

  static Pipeline pipeline(String namespace, String name, PipelineTask... tasks) {
    var pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(name + "-uid")
        .withGeneration(1L).build());
    var spec = new PipelineSpec();
    spec.setTasks(new ArrayList<>(List.of(tasks)));
    pipeline.setSpec(spec);
    return pipeline;
  }

  static PipelineTask task(String name, String script, String... runAfter) {
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    var agent = new AgentTask();
    agent.setScript(script);
    spec.setAgent(agent);
    var task = new PipelineTask(name, spec);
    if (runAfter.length > 0) {
      task.setRunAfter(List.of(runAfter));
    }
    return task;
  }

  static Param param(String name, String value) {
    return new Param(name, value);
  }

  /** A child Job of {@code pipeline} for {@code task} in {@code phase} with {@code results}. */
  static Job child(Pipeline pipeline, String task, JobPhase phase, Map<String, String> results) {
    var built = ChildJobs.build(pipeline, pipeline.getSpec().getTasks().stream()
        .filter(t -> t.getName().equals(task)).findFirst()
        .orElseGet(() -> pipeline.getSpec().getFinallyTasks().stream().filter(t -> t.getName().equals(task))
            .findFirst().orElseThrow()), ref -> "x");
    var status = new JobStatus();
    status.setPhase(phase);
    status.setResults(new LinkedHashMap<>(results));
    built.setStatus(status);
    return built;
  }

  static Map<String, Job> children(Job... jobs) {
    var byTask = new LinkedHashMap<String, Job>();
    for (var job : jobs) {
      byTask.put(job.getMetadata().getLabels().get(ChildJobs.TASK_LABEL), job);
    }
    return byTask;
  }
}
