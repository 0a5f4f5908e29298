package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.WorkflowStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one reconcile of a Workflow run decided: the status to record, events, when to look again. */
final class WorkflowPlan {

  /** An Event to record on the Workflow. */
  record Note(boolean warning, String reason, String message) {
  }

  final WorkflowStatus status;
  final List<Note> notes = new ArrayList<>();
  Duration requeueAfter;
  /** The replay annotation was acted on: remove it once the status is written. */
  boolean replayHandled;
  /** The BmcHost each bmc node stepped in this pass asked, its substitutions resolved, by node name. */
  final Map<String, String> bmcHosts = new HashMap<>();

  WorkflowPlan(WorkflowStatus status) {
    this.status = status;
  }

  void requeueWithin(Duration delay) {
    if (delay == null) {
      return;
    }
    var positive = delay.isNegative() ? Duration.ZERO : delay;
    if (requeueAfter == null || positive.compareTo(requeueAfter) < 0) {
      requeueAfter = positive;
    }
  }

  void normal(String reason, String message) {
    notes.add(new Note(false, reason, message));
  }

  void warning(String reason, String message) {
    notes.add(new Note(true, reason, message));
  }
}
