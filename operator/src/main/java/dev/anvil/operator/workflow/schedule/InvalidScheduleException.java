package dev.anvil.operator.workflow.schedule;

/**
 * A Workflow's {@code spec.schedule} cannot be read (bad cron expression, unknown time zone); the message is meant for
 * the user, e.g. as the message of an {@code InvalidSpec} condition.
 */
public final class InvalidScheduleException extends RuntimeException {

  public InvalidScheduleException(String message) {
    super(message);
  }
}
