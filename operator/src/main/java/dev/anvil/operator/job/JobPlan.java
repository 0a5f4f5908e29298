package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What one reconcile of a Job does: Pods to create or delete, the status to record, events, when to look again. */
public final class JobPlan {

  /** Create the Pod of this attempt, with this activeDeadlineSeconds (null for none). */
  public record CreatePod(int attempt, Long deadlineSeconds) {
  }

  /** Delete this attempt's Pod. */
  public record DeletePod(String name) {
  }

  /**
   * Make sure this attempt's RunAttempt is on its agent's command stream (sent once, whatever the number of reconciles).
   *
   * @param timeoutSeconds attemptDeadlineSeconds, or null
   * @param deadline when the Job's active deadline passes, or null
   */
  public record RunOnAgent(int attempt, String agent, Long timeoutSeconds, java.time.Instant deadline) {
  }

  /** Tell the agent to stop this attempt; {@code reason} is for the attempt's message on the agent side. */
  public record CancelOnAgent(int attempt, String agent, String reason) {
  }

  /** An Event to record on the Job. */
  public record Note(boolean warning, String reason, String message) {
  }

  private final JobStatus status;
  private CreatePod create;
  private final List<DeletePod> deletes = new ArrayList<>();
  private final List<Note> notes = new ArrayList<>();
  private final List<RunOnAgent> runs = new ArrayList<>();
  private final List<CancelOnAgent> cancels = new ArrayList<>();
  private Duration requeueAfter;
  private boolean deleteJob;
  private String finishedOutcome;

  JobPlan(JobStatus status) {
    this.status = status;
  }

  public JobStatus status() {
    return status;
  }

  public CreatePod create() {
    return create;
  }

  public List<DeletePod> deletes() {
    return deletes;
  }

  public List<RunOnAgent> runs() {
    return runs;
  }

  public List<CancelOnAgent> cancels() {
    return cancels;
  }

  public List<Note> notes() {
    return notes;
  }

  /** How soon to reconcile again even without an event, or null. */
  public Duration requeueAfter() {
    return requeueAfter;
  }

  /** Whether the Job's TTL after finishing has passed and the Job is to be deleted. */
  public boolean deleteJob() {
    return deleteJob;
  }

  /** "succeeded" or "failed" when this reconcile finished the Job, else null. */
  public String finishedOutcome() {
    return finishedOutcome;
  }

  void create(int attempt, Long deadlineSeconds) {
    this.create = new CreatePod(attempt, deadlineSeconds);
  }

  void delete(String podName) {
    deletes.add(new DeletePod(podName));
  }

  void run(int attempt, String agent, Long timeoutSeconds, java.time.Instant deadline) {
    runs.add(new RunOnAgent(attempt, agent, timeoutSeconds, deadline));
  }

  void cancel(int attempt, String agent, String reason) {
    cancels.add(new CancelOnAgent(attempt, agent, reason));
  }

  void normal(String reason, String message) {
    notes.add(new Note(false, reason, message));
  }

  void warning(String reason, String message) {
    notes.add(new Note(true, reason, message));
  }

  void requeueWithin(Duration after) {
    var clamped = after.isNegative() ? Duration.ZERO : after;
    if (requeueAfter == null || clamped.compareTo(requeueAfter) < 0) {
      requeueAfter = clamped;
    }
  }

  void expire() {
    this.deleteJob = true;
  }

  void finished(String outcome) {
    this.finishedOutcome = outcome;
  }
}
