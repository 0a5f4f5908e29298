package dev.anvil.agent.exec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one process run ended, with the results it left behind.
 *
 * @param reason why it ended
 * @param exitCode the exit code; 128 + signal number when a signal ended it, as a shell reports it;
 *     {@code null} when the process never started
 * @param message one human-readable sentence on how it ended (what was missing, who cancelled it)
 * @param results the files found in {@code $ANVIL_RESULTS} after the exit: name to UTF-8 content without
 *     one trailing newline
 * @param resultProblems files of {@code $ANVIL_RESULTS} that were not taken as results, and why
 * @param startTime when the runner started the attempt
 * @param finishTime when the process exited (or failed to start)
 * @param lastSeq the seq of the last delivered log line; 0 when there was no output
 */
public record ProcessOutcome(
    ExitReason reason, Integer exitCode, String message, Map<String, String> results, List<String> resultProblems,
    Instant startTime, Instant finishTime, long lastSeq) {

  public ProcessOutcome {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    results = Map.copyOf(results);
    resultProblems = List.copyOf(resultProblems);
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(finishTime, "finishTime");
  }

  /** Whether the process ran and exited with 0 on its own. */
  public boolean succeeded() {
    return reason == ExitReason.Completed;
  }
}
