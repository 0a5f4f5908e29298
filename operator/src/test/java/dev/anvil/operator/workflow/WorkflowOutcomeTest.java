package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.http;
import static dev.anvil.operator.workflow.TestWorkflows.job;
import static dev.anvil.operator.workflow.TestWorkflows.on;
import static dev.anvil.operator.workflow.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.OnFailure;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a finished run is summed up, above all when a node sits in the dead-letter queue. */
class WorkflowOutcomeTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final WorkflowServices services = new WorkflowServices(null, null, new InFlightCalls(),
      new CircuitBreakers(Clock.systemUTC(), new SimpleMeterRegistry()), new ConditionExpression(), null, id -> { });

  /** A provisioning run whose last node, notify, nothing depends on. */
  private static Workflow provision() {
    var notify = http("notify", "http://inventory.example.com/events", on("burn-in"));
    notify.setOnFailure(OnFailure.DeadLetter);
    return workflow("lab", "provision", job("burn-in", "true"), notify);
  }

  private WorkflowPlan settle(Workflow workflow, StepPhase burnIn, StepPhase notify) {
    var shape = WorkflowShape.of(workflow.getSpec(), services.conditions());
    Map<String, WorkflowNodeState> states = new LinkedHashMap<>();
    states.put("burn-in", new WorkflowNodeState("burn-in", burnIn));
    states.put("notify", new WorkflowNodeState("notify", notify));
    var plan = new WorkflowPlan(new WorkflowStatus());
    WorkflowOutcome.record(workflow, shape, states, plan, services, false, List.of(), NOW);
    return plan;
  }

  private static String succeeded(WorkflowPlan plan) {
    var condition = Conditions.find(plan.status.getConditions(), WorkflowStatus.SUCCEEDED);
    return condition.getStatus() + "/" + condition.getReason();
  }

  @Test
  void aDeadLetteredLeafNodeFailsTheRunUntilItIsReplayed() {
    var plan = settle(provision(), StepPhase.Succeeded, StepPhase.DeadLettered);

    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Failed);
    assertThat(succeeded(plan)).isEqualTo("False/DeadLettered");
    assertThat(plan.status.getDeadLetters()).isEqualTo(1);
    assertThat(Conditions.find(plan.status.getConditions(), WorkflowStatus.FAILED).getMessage())
        .contains("notify").contains("anvil.dev/replay=notify").doesNotContain("wait for them");
  }

  @Test
  void aRunWhoseNodesAllSucceededSucceeds() {
    var plan = settle(provision(), StepPhase.Succeeded, StepPhase.Succeeded);

    assertThat(plan.status.getPhase()).isEqualTo(RunPhase.Succeeded);
    assertThat(succeeded(plan)).isEqualTo("True/Succeeded");
    assertThat(plan.status.getDeadLetters()).isNull();
  }
}
