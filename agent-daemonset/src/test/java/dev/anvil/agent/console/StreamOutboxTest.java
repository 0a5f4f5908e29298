package dev.anvil.agent.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.agent.v1.ConsoleEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A stream's outbound events: ordered, numbered without gaps, bounded by dropping (serial) or waiting (VNC). */
class StreamOutboxTest {

  private static final int CAPACITY = StreamOutbox.MAX_FRAME;

  private static byte[] bytes(int length, int value) {
    var data = new byte[length];
    Arrays.fill(data, (byte) value);
    return data;
  }

  private static List<ConsoleEvent> drain(StreamOutbox outbox) {
    var events = new ArrayList<ConsoleEvent>();
    for (var event = outbox.poll(); event != null; event = outbox.poll()) {
      events.add(event);
    }
    return events;
  }

  @Test
  void eventsKeepTheirOrderAndOutputIsNumberedFromOne() throws Exception {
    var outbox = new StreamOutbox("s", CAPACITY, StreamOutbox.Overflow.DROP_OLDEST, () -> { });
    outbox.opened(true, "you have the console");
    outbox.output(new byte[] {'a'});
    outbox.output(new byte[] {'b'});
    outbox.role(false, "read-only");
    outbox.output(new byte[] {'c'});
    outbox.close(CloseReason.ENDED, "bye");
    outbox.output(new byte[] {'d'});

    var events = drain(outbox);

    assertThat(events).extracting(ConsoleEvent::getKindCase).containsExactly(ConsoleEvent.KindCase.OPENED,
        ConsoleEvent.KindCase.OUTPUT, ConsoleEvent.KindCase.ROLE, ConsoleEvent.KindCase.OUTPUT,
        ConsoleEvent.KindCase.CLOSED);
    assertThat(events.get(1).getOutput().getSeq()).isEqualTo(1);
    assertThat(events.get(1).getOutput().getData().toStringUtf8()).isEqualTo("ab");
    assertThat(events.get(3).getOutput().getSeq()).isEqualTo(2);
    assertThat(events.get(4).getClosed().getReason()).isEqualTo("ENDED");
    assertThat(outbox.isFinished()).isTrue();
  }

  @Test
  void serialOutputBeyondTheCapacityLosesTheOldestBytesButNoSequenceNumber() throws Exception {
    int frame = StreamOutbox.MAX_FRAME;
    var outbox = new StreamOutbox("s", 2 * frame, StreamOutbox.Overflow.DROP_OLDEST, () -> { });
    outbox.opened(false, "read-only");
    outbox.output(bytes(frame, 1));
    outbox.output(bytes(frame, 2));
    outbox.output(bytes(100, 3));

    assertThat(outbox.dropped()).isEqualTo(100);
    assertThat(outbox.queuedBytes()).isEqualTo(2 * frame);
    var events = drain(outbox);
    assertThat(events).hasSize(3);
    assertThat(events.get(0).hasOpened()).as("control events are never dropped").isTrue();
    var first = events.get(1).getOutput();
    assertThat(first.getSeq()).isEqualTo(1);
    assertThat(first.getData().size()).isEqualTo(frame);
    assertThat(first.getData().byteAt(0)).isEqualTo((byte) 1);
    assertThat(first.getData().byteAt(frame - 1)).isEqualTo((byte) 2);
    var second = events.get(2).getOutput();
    assertThat(second.getSeq()).isEqualTo(2);
    assertThat(second.getData().size()).isEqualTo(frame);
    assertThat(second.getData().byteAt(frame - 1)).isEqualTo((byte) 3);
  }

  @Test
  void vncOutputBeyondTheCapacityWaitsUntilTheHubTakesSome() throws Exception {
    var outbox = new StreamOutbox("v", CAPACITY, StreamOutbox.Overflow.BLOCK, () -> { });
    outbox.output(bytes(CAPACITY, 1));
    var delivered = new AtomicBoolean();
    var producer = new Thread(() -> {
      try {
        delivered.set(outbox.output(bytes(10, 2)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(producer::isAlive);

    assertThat(outbox.poll().getOutput().getData().size()).isEqualTo(CAPACITY);

    producer.join(2_000);
    assertThat(delivered).isTrue();
    assertThat(outbox.dropped()).isZero();
    assertThat(outbox.poll().getOutput().getSeq()).isEqualTo(2);
  }

  @Test
  void discardingReleasesAWaitingProducerAndSendsNothingMore() throws Exception {
    var outbox = new StreamOutbox("v", CAPACITY, StreamOutbox.Overflow.BLOCK, () -> { });
    outbox.output(bytes(CAPACITY, 1));
    var delivered = new AtomicBoolean(true);
    var producer = new Thread(() -> {
      try {
        delivered.set(outbox.output(bytes(10, 2)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();

    outbox.discard();

    producer.join(2_000);
    assertThat(producer.isAlive()).isFalse();
    assertThat(delivered).isFalse();
    assertThat(outbox.poll()).isNull();
    assertThat(outbox.isFinished()).isTrue();
  }
}
