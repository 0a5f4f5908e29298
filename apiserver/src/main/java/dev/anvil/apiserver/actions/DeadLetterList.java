package dev.anvil.apiserver.actions;

import dev.anvil.protocol.deadletter.DeadLetterEntry;
import dev.anvil.protocol.deadletter.DeadLetterPage;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page of dead-letter entries as the Kubernetes-style list object the routes answer: {@code kind: DeadLetterList},
 * {@code metadata.continue} while more pages follow, and one item per entry, newest first, with the fields as stored.
 */
final class DeadLetterList {

  static final String KIND = "DeadLetterList";

  private DeadLetterList() {
  }

  static String json(DeadLetterPage page) {
    var metadata = new LinkedHashMap<String, Object>();
    page.next().ifPresent(before -> metadata.put("continue", ContinueToken.encode(before)));
    var list = new LinkedHashMap<String, Object>();
    list.put("apiVersion", "anvil.dev/v1alpha1");
    list.put("kind", KIND);
    list.put("metadata", metadata);
    list.put("items", page.entries().stream().map(DeadLetterList::item).toList());
    return Serialization.asJson(list);
  }

  private static Map<String, Object> item(DeadLetterEntry entry) {
    var letter = entry.letter();
    var item = new LinkedHashMap<String, Object>();
    item.put("id", entry.id());
    item.put("namespace", letter.namespace());
    item.put("workflow", letter.workflow());
    item.put("workflowUid", letter.workflowUid());
    item.put("node", letter.node());
    item.put("nodeType", letter.nodeType());
    item.put("execution", letter.execution());
    item.put("attempts", letter.attempts());
    item.put("reason", letter.reason());
    item.put("message", letter.message());
    item.put("firstAttempt", time(letter.firstAttempt()));
    item.put("lastAttempt", time(letter.lastAttempt()));
    item.put("time", time(entry.recorded()));
    item.put("replayed", entry.replayed());
    entry.replay().ifPresent(replay -> {
      item.put("replayedBy", replay.by());
      item.put("replayedAt", time(replay.at()));
    });
    // as the operator stored it: the node's resolved spec, secrets kept out when it was recorded
    item.put("inputs", letter.inputs());
    return item;
  }

  /** RFC 3339, as stored (milliseconds). */
  private static String time(Instant instant) {
    return instant.toString();
  }
}
