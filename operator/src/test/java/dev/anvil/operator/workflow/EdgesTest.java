package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.after;
import static dev.anvil.operator.workflow.TestWorkflows.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.DelayNode;
import dev.anvil.crds.v1alpha1.NodeDependency;
import dev.anvil.crds.v1alpha1.NodeDependency.Outcome;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dependency semantics: what an upstream outcome means for a pending node, and who handles a failure. */
class EdgesTest {

  private static WorkflowNode node(String name, NodeDependency... deps) {
    var node = new WorkflowNode(name);
    node.setDelay(new DelayNode("1s"));
    return after(node, deps);
  }

  private static WorkflowShape shape(WorkflowNode... nodes) {
    var spec = new WorkflowSpec();
    spec.setNodes(new ArrayList<>(List.of(nodes)));
    var shape = WorkflowShape.of(spec, new ConditionExpression());
    assertThat(shape.problems).isEmpty();
    return shape;
  }

  private static Map<String, WorkflowNodeState> states(Object... nameAndPhase) {
    var states = new LinkedHashMap<String, WorkflowNodeState>();
    for (int i = 0; i < nameAndPhase.length; i += 2) {
      states.put((String) nameAndPhase[i], new WorkflowNodeState((String) nameAndPhase[i], (StepPhase) nameAndPhase[i
          + 1]));
    }
    return states;
  }

  private static Edges.Verdict judge(Outcome outcome, StepPhase upstream) {
    var shape = shape(node("up"), node("down", on("up", outcome)));
    return Edges.judge(shape, "down", states("up", upstream, "down", StepPhase.Pending));
  }

  @Test
  void aNodeWithoutDependenciesRuns() {
    var shape = shape(node("a"));
    assertThat(Edges.judge(shape, "a", states("a", StepPhase.Pending))).isEqualTo(Edges.Verdict.RUN);
  }

  @Test
  void unfinishedUpstreamsAreWaitedFor() {
    for (var phase : List.of(StepPhase.Pending, StepPhase.Running, StepPhase.Retrying, StepPhase.Waiting)) {
      for (var on : Outcome.values()) {
        var verdict = judge(on, phase);
        assertThat(verdict.waits()).as(on + " on " + phase).isTrue();
        assertThat(verdict.unmet()).isNull();
        assertThat(verdict.blockedByDeadLetter()).isNull();
      }
    }
  }

  @Test
  void onSucceededDefault() {
    var shape = shape(node("up"), node("down", new NodeDependency("up", null)));
    assertThat(Edges.judge(shape, "down", states("up", StepPhase.Succeeded, "down", StepPhase.Pending)))
        .isEqualTo(Edges.Verdict.RUN);
    assertThat(judge(Outcome.Succeeded, StepPhase.Succeeded)).isEqualTo(Edges.Verdict.RUN);
    assertThat(judge(Outcome.Succeeded, StepPhase.Failed).unmet()).isEqualTo("needs up to have succeeded, it failed");
    assertThat(judge(Outcome.Succeeded, StepPhase.Skipped).unmet()).isEqualTo("needs up to have succeeded, it skipped");
  }

  @Test
  void aDeadLetteredUpstreamHoldsOnSucceededDependentsUntilItsReplay() {
    var verdict = judge(Outcome.Succeeded, StepPhase.DeadLettered);
    assertThat(verdict.waits()).isTrue();
    assertThat(verdict.blockedByDeadLetter()).isEqualTo("up");
    assertThat(verdict.unmet()).isNull();
  }

  @Test
  void onFailedRunsAfterAFailureOrDeadLetterOnly() {
    assertThat(judge(Outcome.Failed, StepPhase.Failed)).isEqualTo(Edges.Verdict.RUN);
    assertThat(judge(Outcome.Failed, StepPhase.DeadLettered)).isEqualTo(Edges.Verdict.RUN);
    assertThat(judge(Outcome.Failed, StepPhase.Succeeded).unmet()).isEqualTo("needs up to have failed, it succeeded");
    assertThat(judge(Outcome.Failed, StepPhase.Skipped).waits()).isFalse();
  }

  @Test
  void onAlwaysRunsWhateverTheOutcome() {
    for (var phase : List.of(StepPhase.Succeeded, StepPhase.Failed, StepPhase.Skipped, StepPhase.DeadLettered)) {
      assertThat(judge(Outcome.Always, phase)).as(phase.name()).isEqualTo(Edges.Verdict.RUN);
    }
  }

  @Test
  void waitingWinsOverUnmetAndTheFirstUnmetIsNamed() {
    var shape = shape(node("a"), node("b"), node("c"), node("d", on("a"), on("b"), on("c", Outcome.Failed)));
    var waiting = Edges.judge(shape, "d", states("a", StepPhase.Failed, "b", StepPhase.Running, "c",
        StepPhase.Succeeded, "d", StepPhase.Pending));
    assertThat(waiting.waits()).isTrue();
    assertThat(waiting.unmet()).as("judged once everything finished").isNull();
    var unmet = Edges.judge(shape, "d", states("a", StepPhase.Failed, "b", StepPhase.Succeeded, "c",
        StepPhase.Succeeded, "d", StepPhase.Pending));
    assertThat(unmet.unmet()).isEqualTo("needs a to have succeeded, it failed");
  }

  @Test
  void handlersAreFailedAndAlwaysDependentsAndWhatFollowsThem() {
    var shape = shape(node("a"), node("next", on("a")), node("undo", on("a", Outcome.Failed)),
        node("report", on("a", Outcome.Always)), node("notify", on("undo")), node("other"),
        node("after-other", on("other")));
    assertThat(Edges.handlers(shape, Set.of("a"))).containsExactlyInAnyOrder("undo", "report", "notify");
    assertThat(Edges.handlers(shape, Set.of("other"))).isEmpty();
  }
}
