package dev.anvil.protocol.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.bus.BusUnavailableException;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.testing.RedisProcess;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterQueueIT {

  private static final Instant NOW = Instant.parse("2026-11-23T07:00:00Z");

  private RedisProcess redis;
  private CentralRedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private DeadLetterQueue queue;

  @BeforeEach
  void start() {
    redis = RedisProcess.builder().fsyncAlways().start();
    client = CentralRedisClient.create(redis.uri(), Duration.ofSeconds(2));
    connection = client.connect();
    queue = new DeadLetterQueue(connection, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    connection.close();
    client.shutdown();
    redis.close();
  }

  @Test
  void aRecordedExecutionCanBeReadBackWithEveryField() {
    var letter = letter("ops", "nightly", "uid-1", "call-api", 1);

    var id = queue.record(letter);

    assertThat(id).startsWith("ops:");
    var entry = queue.get(id).orElseThrow();
    assertThat(entry.id()).isEqualTo(id);
    assertThat(entry.letter()).isEqualTo(letter);
    assertThat(entry.recorded()).isEqualTo(NOW);
    assertThat(entry.replayed()).isFalse();
    assertThat(queue.countPending("uid-1")).isEqualTo(1);
  }

  @Test
  void recordingTheSameExecutionAgainReturnsTheSameEntry() {
    var first = queue.record(letter("ops", "nightly", "uid-1", "call-api", 1));

    var again = queue.record(letter("ops", "nightly", "uid-1", "call-api", 1));
    var nextExecution = queue.record(letter("ops", "nightly", "uid-1", "call-api", 2));

    assertThat(again).isEqualTo(first);
    assertThat(nextExecution).isNotEqualTo(first);
    assertThat(queue.list("ops", Optional.empty(), 10)).hasSize(2);
    assertThat(queue.countPending("uid-1")).isEqualTo(2);
  }

  @Test
  void listingIsNewestFirstPerNamespaceOrWorkflowAndLimited() {
    var a1 = queue.record(letter("ops", "nightly", "uid-1", "a", 1));
    var b1 = queue.record(letter("ops", "weekly", "uid-2", "b", 1));
    var a2 = queue.record(letter("ops", "nightly", "uid-3", "a", 1));
    queue.record(letter("other", "nightly", "uid-4", "a", 1));

    assertThat(queue.list("ops", Optional.empty(), 10)).extracting(DeadLetterEntry::id).containsExactly(a2, b1, a1);
    assertThat(queue.list("ops", Optional.of("nightly"), 10)).extracting(DeadLetterEntry::id)
        .containsExactly(a2, a1);
    assertThat(queue.list("ops", Optional.empty(), 2)).extracting(DeadLetterEntry::id).containsExactly(a2, b1);
    assertThat(queue.list("nobody", Optional.empty(), 10)).isEmpty();
  }

  @Test
  void pagesFollowEachOtherNewestFirstAndStayInPlaceWhileNewEntriesArrive() {
    var a = queue.record(letter("ops", "nightly", "uid-1", "a", 1));
    var b = queue.record(letter("ops", "nightly", "uid-1", "b", 1));
    var c = queue.record(letter("ops", "weekly", "uid-2", "c", 1));

    var first = queue.page("ops", Optional.empty(), 2, OptionalLong.empty());
    queue.record(letter("ops", "nightly", "uid-1", "d", 1));
    var second = queue.page("ops", Optional.empty(), 2, first.next());

    assertThat(first.entries()).extracting(DeadLetterEntry::id).containsExactly(c, b);
    assertThat(first.next()).isPresent();
    assertThat(second.entries()).extracting(DeadLetterEntry::id).containsExactly(a);
    assertThat(second.next()).isEmpty();
    var exact = queue.page("ops", Optional.of("nightly"), 3, OptionalLong.empty());
    assertThat(exact.entries()).hasSize(3);
    assertThat(exact.next()).as("nothing beyond a page that ends with the last entry").isEmpty();
  }

  @Test
  void aReplayedEntryStaysListableButNoLongerCountsAsPending() {
    var id = queue.record(letter("ops", "nightly", "uid-1", "call-api", 1));
    queue.record(letter("ops", "nightly", "uid-1", "notify", 1));

    assertThat(queue.markReplayed(id, "alice")).isTrue();
    assertThat(queue.markReplayed(id, "bob")).isTrue();

    var entry = queue.get(id).orElseThrow();
    assertThat(entry.replay()).contains(new DeadLetterEntry.Replay("alice", NOW));
    assertThat(queue.list("ops", Optional.empty(), 10)).extracting(DeadLetterEntry::id).contains(id);
    assertThat(queue.countPending("uid-1")).isEqualTo(1);
  }

  @Test
  void unknownIdsAreNotFound() {
    assertThat(queue.get("ops:42")).isEmpty();
    assertThat(queue.get("not an id")).isEmpty();
    assertThat(queue.markReplayed("ops:42", "alice")).isFalse();
    assertThat(queue.countPending("uid-unknown")).isZero();
  }

  @Test
  void theOldestEntriesOfANamespaceGoBeyondItsRetentionWithTheirMarkersAndCounts() {
    queue = new DeadLetterQueue(connection, Clock.fixed(NOW, ZoneOffset.UTC), 5);
    var oldest = queue.record(letter("ops", "nightly", "uid-old", "a", 1));
    queue.record(letter("other", "nightly", "uid-other", "a", 1));
    for (int i = 1; i < 5; i++) {
      queue.record(letter("ops", "hourly", "uid-new", "n" + i, 1));
    }
    assertThat(queue.get(oldest)).isPresent();

    var newest = queue.record(letter("ops", "hourly", "uid-new", "last", 1));

    assertThat(queue.get(oldest)).isEmpty();
    assertThat(queue.get(newest)).isPresent();
    assertThat(queue.countPending("uid-old")).isZero();
    assertThat(queue.list("ops", Optional.of("nightly"), 10)).isEmpty();
    assertThat(queue.list("ops", Optional.empty(), 10)).hasSize(5);
    assertThat(queue.list("other", Optional.empty(), 10)).hasSize(1);
    // its marker went with it: the execution counts as not recorded
    assertThat(queue.record(letter("ops", "nightly", "uid-old", "a", 1))).isNotEqualTo(oldest);
  }

  @Test
  void entriesSurviveARedisRestart() {
    var id = queue.record(letter("ops", "nightly", "uid-1", "call-api", 1));

    redis.restart();

    await().atMost(Duration.ofSeconds(15)).ignoreException(BusUnavailableException.class)
        .untilAsserted(() -> assertThat(queue.get(id)).isPresent());
    assertThat(queue.record(letter("ops", "nightly", "uid-1", "call-api", 1))).isEqualTo(id);
    assertThat(queue.countPending("uid-1")).isEqualTo(1);
  }

  @Test
  void whileRedisIsDownEveryCallFailsAsUnavailable() {
    redis.kill();

    assertThatThrownBy(() -> queue.record(letter("ops", "nightly", "uid-1", "call-api", 1)))
        .isInstanceOf(BusUnavailableException.class).hasMessageContaining("dead-letter queue");
    assertThatThrownBy(() -> queue.list("ops", Optional.empty(), 10)).isInstanceOf(BusUnavailableException.class);
    assertThatThrownBy(() -> queue.get("ops:1")).isInstanceOf(BusUnavailableException.class);
    assertThatThrownBy(() -> queue.markReplayed("ops:1", "alice")).isInstanceOf(BusUnavailableException.class);
    assertThatThrownBy(() -> queue.countPending("uid-1")).isInstanceOf(BusUnavailableException.class);
  }

  private static DeadLetter letter(String namespace, String workflow, String uid, String node, int execution) {
    return new DeadLetter(namespace, workflow, uid, node, "http", execution,
        "{\"url\":\"https://api.example.com/orders\",\"method\":\"POST\"}", "HttpError",
        "POST https://api.example.com/orders answered 503", 4, Instant.parse("2026-11-23T06:50:00Z"),
        Instant.parse("2026-11-23T06:58:30Z"));
  }
}
