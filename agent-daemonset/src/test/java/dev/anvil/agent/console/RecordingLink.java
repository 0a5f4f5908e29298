package dev.anvil.agent.console;

import static org.awaitility.Awaitility.await;

import dev.anvil.agent.hub.ConsoleLink;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A hub stream for console tests: records every event and can stop taking more (flow control). */
final class RecordingLink implements ConsoleLink {

  static final Duration WAIT = Duration.ofSeconds(20);

  final List<ConsoleEvent> events = new CopyOnWriteArrayList<>();
  final AtomicInteger sentWhileNotReady = new AtomicInteger();
  volatile boolean ready = true;

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public void send(ConsoleEvent event) {
    if (!ready) {
      sentWhileNotReady.incrementAndGet();
    }
    events.add(event);
    synchronized (this) {
      notifyAll();
    }
  }

  /**
   * Waits, without polling delays (for latency measurements), until the stream's output after the first {@code from}
   * events holds {@code text}; false after the timeout.
   */
  synchronized boolean awaitOutput(String streamId, int from, String text, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      var seen = new StringBuilder();
      var snapshot = List.copyOf(events); // a sub-list view of a CopyOnWriteArrayList fails when a send adds to it
      for (var event : snapshot.subList(from, snapshot.size())) {
        if (event.getStreamId().equals(streamId) && event.hasOutput()) {
          seen.append(event.getOutput().getData().toString(StandardCharsets.ISO_8859_1));
        }
      }
      if (seen.indexOf(text) >= 0) {
        return true;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
  }

  List<ConsoleEvent> of(String streamId) {
    return events.stream().filter(e -> e.getStreamId().equals(streamId)).toList();
  }

  /** The stream's output so far, joined, as ISO-8859-1. */
  String output(String streamId) {
    var bytes = new ByteArrayOutputStream();
    for (var event : of(streamId)) {
      if (event.hasOutput()) {
        bytes.writeBytes(event.getOutput().getData().toByteArray());
      }
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  /** The stream's output frames' seq numbers. */
  List<Long> outputSeqs(String streamId) {
    return of(streamId).stream().filter(ConsoleEvent::hasOutput).map(e -> e.getOutput().getSeq()).toList();
  }

  ConsoleEvent awaitOpened(String streamId) {
    return await().atMost(WAIT).until(() -> of(streamId).stream().filter(ConsoleEvent::hasOpened).findFirst(),
        Optional::isPresent).get();
  }

  ConsoleEvent awaitClosed(String streamId) {
    return await().atMost(WAIT).until(() -> of(streamId).stream().filter(ConsoleEvent::hasClosed).findFirst(),
        Optional::isPresent).get();
  }

  /** The role events (not the opened one) the stream got. */
  List<ConsoleEvent> roles(String streamId) {
    return of(streamId).stream().filter(ConsoleEvent::hasRole).toList();
  }
}
