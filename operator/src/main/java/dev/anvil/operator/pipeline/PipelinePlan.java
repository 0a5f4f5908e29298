package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.PipelineStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What one reconcile of a Pipeline does: child Jobs to create or stop, the status to record, events, next look. */
final class PipelinePlan {

  /** A running child to stop, and why ({@link TaskStep#stoppedBy()}, recorded on it). */
  record Stop(Job child, String stoppedBy) {
  }

  /** An Event to record on the Pipeline. */
  record Note(boolean warning, String reason, String message) {
  }

  final PipelineStatus status;
  final List<Job> creates = new ArrayList<>();
  final List<Stop> stops = new ArrayList<>();
  final List<Note> notes = new ArrayList<>();
  Duration requeueAfter;

  PipelinePlan(PipelineStatus status) {
    this.status = status;
  }

  void requeueWithin(Duration delay) {
    if (requeueAfter == null || delay.compareTo(requeueAfter) < 0) {
      requeueAfter = delay;
    }
  }
}
