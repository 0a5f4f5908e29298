package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobStatus;
import java.time.Instant;

/** Reading and ending the attempts of a Job's status, shared by the steps of the Job state machine. */
final class Attempts {

  /** Longest attempt message kept in the status (container termination messages can be long). */
  static final int MAX_MESSAGE = 1024;

  private Attempts() {
  }

  static Attempt running(JobStatus status) {
    var attempts = status.getAttempts();
    if (attempts.isEmpty()) {
      return null;
    }
    var last = attempts.get(attempts.size() - 1);
    return last.finished() ? null : last;
  }

  static void finishAttempt(Attempt attempt, String reason, Integer exitCode, String message, Instant now) {
    attempt.setFinishTime(now.toString());
    attempt.setReason(reason);
    attempt.setExitCode(exitCode);
    attempt.setMessage(message == null || message.length() <= MAX_MESSAGE ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...");
  }

  static String describe(Attempt attempt) {
    var text = new StringBuilder("ended with ").append(attempt.getReason());
    if (attempt.getExitCode() != null) {
      text.append(" (exit code ").append(attempt.getExitCode()).append(')');
    }
    if (attempt.getMessage() != null) {
      text.append(": ").append(attempt.getMessage());
    }
    return text.toString();
  }

  /** When the Job's activeDeadlineSeconds passes, or null when it has none or has not started. */
  static Instant overallDeadline(Job job, JobStatus status) {
    var seconds = job.getSpec().getActiveDeadlineSeconds();
    return seconds == null || status.getStartTime() == null ? null
        : Instant.parse(status.getStartTime()).plusSeconds(seconds);
  }
}
