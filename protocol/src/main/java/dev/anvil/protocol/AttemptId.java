package dev.anvil.protocol;

import java.util.Objects;

/**
 * The identity of one attempt of a Job on the wire, {@code <job uid>/<attempt>}: the key of every
 * command and report about it, so a redelivered command or a replayed report finds the same attempt.
 *
 * @param jobUid  the Job's {@code metadata.uid}; never contains {@code /}
 * @param attempt the attempt number, from 1
 */
public record AttemptId(String jobUid, int attempt) {

  private static final char SEPARATOR = '/';

  public AttemptId {
    Objects.requireNonNull(jobUid, "jobUid");
    if (jobUid.isBlank() || jobUid.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("job uid must be non-blank and must not contain '/': '" + jobUid + "'");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt number must be at least 1, was " + attempt);
    }
  }

  /** Reads the wire form {@code <job uid>/<attempt>}. */
  public static AttemptId parse(String value) {
    Objects.requireNonNull(value, "attempt id");
    var slash = value.lastIndexOf(SEPARATOR);
    if (slash <= 0 || slash == value.length() - 1) {
      throw new IllegalArgumentException("attempt id must look like <job uid>/<attempt>: '" + value + "'");
    }
    var number = value.substring(slash + 1);
    if (!number.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("attempt id must end in a decimal attempt number: '" + value + "'");
    }
    try {
      return new AttemptId(value.substring(0, slash), Integer.parseInt(number));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("attempt number out of range: '" + value + "'", e);
    }
  }

  /** The wire form, {@code <job uid>/<attempt>}. */
  @Override
  public String toString() {
    return jobUid + SEPARATOR + attempt;
  }
}
