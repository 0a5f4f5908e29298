package dev.anvil.operator.scheduling;

import java.time.Duration;

/** The quota's answer to a Job that wants to start: admitted, or queued with a message saying why and where. */
public record Admission(boolean admitted, String message) {

  /** How often a queued Job looks again, in case a slot was freed by something it was not told about (a deletion). */
  public static final Duration RECHECK = Duration.ofSeconds(15);

  public static Admission granted() {
    return new Admission(true, "admitted");
  }

  public static Admission queued(String message) {
    return new Admission(false, message);
  }
}
