package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides which of a host's observations are worth reporting: one that differs from the last one sent (sensor
 * readings and the observation time aside; sensor names, statuses and thresholds count), or any once a minute.
 */
final class ObservationGate {

  /** The longest time between two reports of a served host (when its polls are that frequent). */
  static final Duration REFRESH = Duration.ofSeconds(60);

  private BmcObservation lastSent;
  private Instant lastSentAt;

  /** Whether to report {@code observation}, polled at {@code now}; remembers it as sent when so. */
  boolean admit(BmcObservation observation, Instant now) {
    var comparable = withoutReadings(observation);
    if (lastSent != null && lastSent.equals(comparable) && now.isBefore(lastSentAt.plus(REFRESH))) {
      return false;
    }
    lastSent = comparable;
    lastSentAt = now;
    return true;
  }

  private static BmcObservation withoutReadings(BmcObservation observation) {
    var comparable = observation.toBuilder().clearObservedTime();
    comparable.getSensorsBuilderList().forEach(s -> s.clearReading());
    return comparable.build();
  }
}
