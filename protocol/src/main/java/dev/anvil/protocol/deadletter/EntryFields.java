package dev.anvil.protocol.deadletter;

import dev.anvil.protocol.deadletter.DeadLetterEntry.Replay;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A dead-letter entry as the fields of its Redis hash; times are epoch milliseconds. */
final class EntryFields {

  private EntryFields() {
  }

  /** The hash fields of {@code letter} recorded at {@code recorded}, as name, value, name, value, ... */
  static List<String> of(DeadLetter letter, Instant recorded) {
    return List.of(
        "namespace", letter.namespace(),
        "workflow", letter.workflow(),
        "workflowUid", letter.workflowUid(),
        "node", letter.node(),
        "nodeType", letter.nodeType(),
        "execution", Integer.toString(letter.execution()),
        "inputs", letter.inputs(),
        "reason", letter.reason(),
        "message", letter.message(),
        "attempts", Integer.toString(letter.attempts()),
        "firstAttempt", Long.toString(letter.firstAttempt().toEpochMilli()),
        "lastAttempt", Long.toString(letter.lastAttempt().toEpochMilli()),
        "recorded", Long.toString(recorded.toEpochMilli()));
  }

  static DeadLetterEntry read(String id, Map<String, String> fields) {
    var letter = new DeadLetter(fields.get("namespace"), fields.get("workflow"), fields.get("workflowUid"),
        fields.get("node"), fields.get("nodeType"), Integer.parseInt(fields.get("execution")), fields.get("inputs"),
        fields.get("reason"), fields.get("message"), Integer.parseInt(fields.get("attempts")),
        time(fields.get("firstAttempt")), time(fields.get("lastAttempt")));
    var replay = Optional.ofNullable(fields.get("replayedBy"))
        .map(by -> new Replay(by, time(fields.get("replayedAt"))));
    return new DeadLetterEntry(id, letter, time(fields.get("recorded")), replay);
  }

  private static Instant time(String epochMillis) {
    return Instant.ofEpochMilli(Long.parseLong(epochMillis));
  }
}
