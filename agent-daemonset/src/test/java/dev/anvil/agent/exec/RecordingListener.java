package dev.anvil.agent.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Keeps every delivered line and checks the listener contract (serialized calls, seq 1, 2, 3, ...) as it goes. */
final class RecordingListener implements ProcessListener {

  private final List<LogLine> lines = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private boolean inCall;

  @Override
  public void onLine(LogLine line) {
    synchronized (this) {
      if (inCall) {
        violations.add("concurrent call at seq " + line.seq());
      }
      inCall = true;
      if (line.seq() != lines.size() + 1) {
        violations.add("seq " + line.seq() + " after " + lines.size() + " lines");
      }
      lines.add(line);
      inCall = false;
    }
  }

  synchronized List<LogLine> lines() {
    return List.copyOf(lines);
  }

  synchronized List<String> texts(LogStream stream) {
    return lines.stream().filter(l -> l.stream() == stream).map(LogLine::text).collect(Collectors.toList());
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }
}
