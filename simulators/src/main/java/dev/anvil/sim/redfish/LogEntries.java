package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/** Generated event-log entries, so a test can give a BMC a log of thousands like a long-running server's. */
final class LogEntries {

  private static final Instant FIRST = Instant.parse("2025-01-01T00:00:00Z");

  private LogEntries() {
  }

  /** Appends {@code count} entries to a LogEntry collection, each also readable at its own path. */
  static void append(MockupTree tree, String entriesPath, int count) {
    var collectionPath = MockupTree.normalize(entriesPath);
    var added = MockupTree.json().createArrayNode();
    tree.edit(collectionPath, false, collection -> {
      var members = collection.get("Members") instanceof ArrayNode array ? array : collection.putArray("Members");
      var first = members.size() + 1;
      for (var number = first; number < first + count; number++) {
        var entry = entry(collectionPath, number);
        members.add(entry);
        added.add(entry);
      }
      collection.put("Members@odata.count", members.size());
    });
    added.forEach(entry -> tree.edit(entry.path("@odata.id").asText(), true,
        node -> node.setAll((ObjectNode) entry)));
  }

  private static ObjectNode entry(String collectionPath, int number) {
    var id = Integer.toString(number);
    var entry = MockupTree.json().createObjectNode();
    entry.put("@odata.id", collectionPath + "/" + id);
    entry.put("@odata.type", "#LogEntry.v1_21_0.LogEntry");
    entry.put("Id", id);
    entry.put("Name", "Log Entry " + id);
    entry.put("EntryType", "Event");
    entry.put("Severity", number % 10 == 0 ? "Warning" : "OK");
    entry.put("Created", FIRST.plus(Duration.ofMinutes(number)).toString());
    entry.put("Message", "Simulated event " + id);
    return entry;
  }
}
