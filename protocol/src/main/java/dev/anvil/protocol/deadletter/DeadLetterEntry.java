package dev.anvil.protocol.deadletter;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the dead-letter queue.
 *
 * @param id       {@code <namespace>:<seq>}, for {@link DeadLetterQueue#get} and {@link DeadLetterQueue#markReplayed}
 * @param replay   who replayed it and when; empty while it waits
 */
public record DeadLetterEntry(String id, DeadLetter letter, Instant recorded, Optional<Replay> replay) {

  /** Who replayed an entry, and when. */
  public record Replay(String by, Instant at) {
  }

  public boolean replayed() {
    return replay.isPresent();
  }
}
