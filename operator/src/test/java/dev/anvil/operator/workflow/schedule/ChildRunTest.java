package dev.anvil.operator.workflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.workflow.schedule.ChildRun.Outcome;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChildRunTest {

  @Test
  void aRunWithoutStatusIsActive() {
    var run = ChildRun.of(workflow(null));

    assertThat(run).isEqualTo(new ChildRun("nightly-1795503600", Instant.parse("2026-11-23T07:00:00Z"),
        Outcome.Active, null));
  }

  @ParameterizedTest
  @CsvSource({"True, Succeeded", "False, Failed", "Unknown, Active"})
  void theSucceededConditionSaysWhetherTheRunFinished(String succeeded, Outcome outcome) {
    var status = new WorkflowStatus();
    status.getConditions().add(new ConditionBuilder().withType(WorkflowStatus.SUCCEEDED).withStatus(succeeded)
        .build());
    status.setCompletionTime("2026-11-23T07:10:00Z");

    var run = ChildRun.of(workflow(status));

    assertThat(run.outcome()).isEqualTo(outcome);
    assertThat(run.completed()).isEqualTo(outcome == Outcome.Active ? null : Instant.parse("2026-11-23T07:10:00Z"));
  }

  private static Workflow workflow(WorkflowStatus status) {
    var workflow = new Workflow();
    workflow.setMetadata(new ObjectMetaBuilder().withName("nightly-1795503600")
        .withCreationTimestamp("2026-11-23T07:00:00Z").build());
    workflow.setStatus(status);
    return workflow;
  }
}
