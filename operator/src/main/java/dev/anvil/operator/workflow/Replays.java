package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.ReplayRequest;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import java.util.Map;

/**
 * Replays dead-lettered nodes named in the annotation {@code anvil.dev/replay} (comma-separated, or {@code all}):
 * each runs again as a new execution and what waited for it continues. The annotation is removed once the status
 * records the replay, so naming a node again replays it again.
 */
final class Replays {

  public static final String ANNOTATION = Workflow.REPLAY_ANNOTATION;

  private final Workflow workflow;
  private final Map<String, WorkflowNodeState> states;
  private final WorkflowServices services;
  private final WorkflowPlan plan;

  Replays(Workflow workflow, Map<String, WorkflowNodeState> states, WorkflowServices services, WorkflowPlan plan) {
    this.workflow = workflow;
    this.states = states;
    this.services = services;
    this.plan = plan;
  }

  static String requested(Workflow workflow) {
    var annotations = workflow.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  void apply() {
    var requested = requested(workflow);
    if (requested == null) {
      return;
    }
    plan.replayHandled = true;
    var request = ReplayRequest.parse(requested);
    var names = request.all()
        ? states.keySet().stream().filter(n -> states.get(n).getPhase() == StepPhase.DeadLettered).toList()
        : request.nodes();
    for (var name : names) {
      var state = states.get(name);
      if (state == null || state.getPhase() != StepPhase.DeadLettered) {
        plan.warning("ReplayIgnored", "node " + name + (state == null ? " does not exist" : " is "
            + state.getPhase() + ", not DeadLettered"));
        continue;
      }
      if (state.getDeadLetter() != null && services.deadLetters() != null) {
        services.deadLetters().markReplayed(state.getDeadLetter(), ANNOTATION);
      }
      int execution = (state.getExecution() == null ? 1 : state.getExecution()) + 1;
      var fresh = new WorkflowNodeState(name, StepPhase.Pending);
      fresh.setExecution(execution);
      states.put(name, fresh);
      plan.normal("Replayed", "node " + name + " runs again as execution " + execution);
    }
  }
}
