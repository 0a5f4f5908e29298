package dev.anvil.protocol.deadletter;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of dead-letter entries, newest first.
 *
 * @param next the sequence number to pass as {@code before} for the next page; empty on the last page
 */
public record DeadLetterPage(List<DeadLetterEntry> entries, OptionalLong next) {

  public DeadLetterPage {
    entries = List.copyOf(entries);
  }
}
