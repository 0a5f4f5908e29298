package dev.anvil.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Pipeline's status shape keeps a 1,000-task Pipeline under 100 KiB (issue 5's benchmark: 1,000 independent
 * trivial agent tasks). The spec of such a Pipeline alone is ~77 KB, so a status entry per succeeded task (36 B
 * without times, 111 B with) would not fit; chaining the tasks with runAfter adds another ~25 KB of spec.
 */
class PipelineSizeTest {

  private static final int LIMIT = 100 * 1024;
  private static final String T0 = "2025-01-01T00:00:00Z";
  private static final String T1 = "2025-01-01T00:00:05Z";

  @Test
  void finishedThousandTaskPipelineStaysUnder100KiB() {
    Pipeline pipeline = trivialPipeline(1000);
    PipelineStatus status = finishedStatus(pipeline);
    // Large Pipeline: Succeeded tasks are not listed; a few failed and skipped ones are.
    for (int i = 0; i < 10; i++) {
      PipelineTaskState failed = new PipelineTaskState("task-" + i, StepPhase.Failed);
      failed.setStartTime(T0);
      failed.setCompletionTime(T1);
      failed.setMessage("attempt 3 of 3 exited with code 2");
      status.getTasks().add(failed);
      PipelineTaskState skipped = new PipelineTaskState("task-" + (500 + i), StepPhase.Skipped);
      skipped.setCompletionTime(T1);
      skipped.setSkipReason(PipelineTaskState.SKIP_UPSTREAM_FAILED);
      status.getTasks().add(skipped);
    }
    pipeline.setStatus(status);

    int size = sizeOf(pipeline);
    System.out.printf("1,000-task Pipeline with status: %,d bytes%n", size);
    assertThat(size).isLessThan(LIMIT);
  }

  @Test
  void smallPipelineListsEveryTaskWithTimes() {
    int tasks = PipelineStatus.LIST_SUCCEEDED_UP_TO_TASKS;
    Pipeline pipeline = trivialPipeline(tasks);
    PipelineStatus status = finishedStatus(pipeline);
    for (int i = 0; i < tasks; i++) {
      PipelineTaskState state = new PipelineTaskState("task-" + i, StepPhase.Succeeded);
      state.setStartTime(T0);
      state.setCompletionTime(T1);
      status.getTasks().add(state);
    }
    pipeline.setStatus(status);

    assertThat(sizeOf(pipeline)).isLessThan(LIMIT / 4);
  }

  @Test
  void unsetFieldsAreLeftOutOfTheJson() {
    String json = Serialization.asJson(new PipelineTaskState("build", StepPhase.Succeeded));

    assertThat(json).isEqualTo("{\"name\":\"build\",\"phase\":\"Succeeded\"}");
  }

  private static Pipeline trivialPipeline(int size) {
    List<PipelineTask> tasks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      AgentTask agent = new AgentTask();
      agent.setCommand(List.of("true"));
      JobSpec job = new JobSpec();
      job.setExecutor(Executor.Agent.name());
      job.setAgent(agent);
      tasks.add(new PipelineTask("task-" + i, job));
    }
    PipelineSpec spec = new PipelineSpec();
    spec.setTasks(tasks);
    Pipeline pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withName("bench-" + size).withNamespace("bench").build());
    pipeline.setSpec(spec);
    return pipeline;
  }

  private static PipelineStatus finishedStatus(Pipeline pipeline) {
    int size = pipeline.getSpec().getTasks().size();
    PipelineStatus status = new PipelineStatus();
    status.setObservedGeneration(1L);
    status.setPhase(RunPhase.Succeeded);
    status.setStartTime(T0);
    status.setCompletionTime(T1);
    status.setProgress(size + "/" + size);
    status.getConditions().add(new ConditionBuilder().withType(PipelineStatus.SUCCEEDED).withStatus("True")
        .withReason("Succeeded").withLastTransitionTime(T1).withObservedGeneration(1L).build());
    return status;
  }

  private static int sizeOf(Pipeline pipeline) {
    return Serialization.asJson(pipeline).getBytes(StandardCharsets.UTF_8).length;
  }
}
