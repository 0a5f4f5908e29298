package dev.anvil.agent.console;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who of a serial console's viewers types: the first stream that asks to write is the writer; when it leaves, the
 * oldest stream still asking takes the role; take_over moves it at once. Says which streams must hear of a change.
 * Not thread-safe: one host's console tasks run one at a time.
 */
final class WriterRoles {

  /** A stream's role as it must be told: on open (the ConsoleOpened role) or on a change. */
  record Change(String streamId, boolean writer, String message) {
  }

  private record Viewer(String user, boolean wantsToWrite) {
  }

  /** In the order they joined. */
  private final Map<String, Viewer> viewers = new LinkedHashMap<>();
  /** Readers already told their input is dropped. */
  private final Set<String> noticed = new HashSet<>();
  private String writer;

  /**
   * A stream joins; the first change is the joining stream's own role, one more tells the previous writer when
   * {@code takeOver} moved the role. take_over implies asking to write.
   */
  List<Change> join(String streamId, String user, boolean write, boolean takeOver) {
    var wants = write || takeOver;
    viewers.put(streamId, new Viewer(user, wants));
    var changes = new ArrayList<Change>();
    if (wants && (writer == null || takeOver)) {
      var previous = writer;
      writer = streamId;
      if (previous == null) {
        changes.add(new Change(streamId, true, "you have the console"));
      } else {
        changes.add(new Change(streamId, true, "you took the console over from " + name(previous)));
        noticed.remove(previous);
        changes.add(new Change(previous, false, "read-only: " + name(streamId) + " took the console over"));
      }
    } else {
      changes.add(new Change(streamId, false, writer == null
          ? "read-only" : "read-only: " + name(writer) + " has the console"));
    }
    return changes;
  }

  /** A stream leaves; when it was the writer, the oldest stream still asking to write becomes the writer. */
  List<Change> leave(String streamId) {
    var left = viewers.remove(streamId);
    noticed.remove(streamId);
    if (left == null || !streamId.equals(writer)) {
      return List.of();
    }
    writer = viewers.entrySet().stream().filter(e -> e.getValue().wantsToWrite()).map(Map.Entry::getKey)
        .findFirst().orElse(null);
    return writer == null ? List.of() : List.of(new Change(writer, true, "you have the console: "
        + userName(left.user()) + " left"));
  }

  boolean isWriter(String streamId) {
    return streamId.equals(writer);
  }

  /** The one notice a reader gets when it types (its input is dropped); empty for the writer and after the first. */
  Optional<Change> readOnlyNotice(String streamId) {
    if (isWriter(streamId) || !viewers.containsKey(streamId) || !noticed.add(streamId)) {
      return Optional.empty();
    }
    return Optional.of(new Change(streamId, false, "read-only: your input is dropped"
        + (writer == null ? "" : "; " + name(writer) + " has the console")));
  }

  boolean isEmpty() {
    return viewers.isEmpty();
  }

  /** Every stream, in the order they joined. */
  List<String> streams() {
    return List.copyOf(viewers.keySet());
  }

  private String name(String streamId) {
    var viewer = viewers.get(streamId);
    return userName(viewer == null ? "" : viewer.user());
  }

  private static String userName(String user) {
    return user == null || user.isBlank() ? "another viewer" : user;
  }
}
