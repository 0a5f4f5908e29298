package dev.anvil.agent.spool;

import static dev.anvil.agent.spool.MemoryReportSpoolTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ResilientReportSpoolIT {

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger spoolLog = (Logger) LoggerFactory.getLogger(ResilientReportSpool.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    spoolLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    spoolLog.detachAppender(logs);
  }

  @Test
  void withoutRedisItRunsInBoundedMemoryWarnsOnceAndMovesIntoRedisWhenItAppears() {
    try (var redis = RedisProcess.builder().appendOnly().start()) {
      redis.stop(); // a port where Redis will appear later
      var settings = settings(redis, "late-redis").withMemoryBound(1 << 20, 1_000).withOrigin(77);
      try (var spool = ResilientReportSpool.open(settings)) {
        assertThat(spool.mode()).isEqualTo(SpoolMode.MEMORY);
        assertThat(warnings()).singleElement().asString()
            .contains("No local Redis at " + redis.uri() + ": reports are held in memory (bounded, 1 MiB) and are "
                + "lost if the agent restarts while disconnected");
        for (int i = 0; i < 50; i++) {
          assertThat(spool.append(bytes("r" + i))).isEqualTo(77 + i);
        }
        spool.acknowledge(86);

        redis.restart();
        await().atMost(Duration.ofSeconds(20)).until(() -> spool.mode() == SpoolMode.REDIS);
        assertThat(spool.append(bytes("r50"))).isEqualTo(127);
      }
      assertThat(warnings()).hasSize(1);
      try (var reopened = ResilientReportSpool.open(settings(redis, "late-redis"))) {
        var replay = reopened.after(0, 100);
        assertThat(replay).extracting(SpooledReport::sequence)
            .containsExactlyElementsOf(IntStream.rangeClosed(87, 127).mapToObj(Long::valueOf).toList());
        assertThat(replay.get(0).payload()).isEqualTo(bytes("r10"));
      }
    }
  }

  @Test
  void aRestartedAgentContinuesTheSequenceAndReplaysUnacknowledgedReports() {
    try (var redis = RedisProcess.builder().appendOnly().start()) {
      long last;
      try (var agent = ResilientReportSpool.open(settings(redis, "restart"))) {
        assertThat(agent.mode()).isEqualTo(SpoolMode.REDIS);
        for (int i = 0; i < 100; i++) {
          last = agent.append(bytes("r" + i));
        }
        agent.acknowledge(agent.lastSequence() - 60);
      }
      try (var restarted = ResilientReportSpool.open(settings(redis, "restart").withOrigin(1))) {
        last = restarted.lastSequence();
        assertThat(restarted.pending()).isEqualTo(60);
        var replay = restarted.after(0, 1_000);
        assertThat(replay).hasSize(60);
        assertThat(replay.get(0).sequence()).isEqualTo(last - 59);
        assertThat(replay.get(59).payload()).isEqualTo(bytes("r99"));
        assertThat(restarted.append(bytes("r100"))).isEqualTo(last + 1);
      }
    }
  }

  @Test
  void redisKilledMidStreamLosesNothingDuplicatesNothingAndKeepsOrder() {
    var total = 6_000;
    try (var redis = RedisProcess.builder().fsyncAlways().start();
        var spool = ResilientReportSpool.open(settings(redis, "crash"))) {
      var first = spool.lastSequence() + 1;
      var appended = new AtomicInteger();
      var producer = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < total; i++) {
          spool.append(bytes("line " + i));
          appended.incrementAndGet();
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> appended.get() >= 1_000);
      redis.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> spool.mode() == SpoolMode.MEMORY);
      var atKill = appended.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> appended.get() >= Math.min(total, atKill + 1_000));
      redis.restart();
      producer.join();
      await().atMost(Duration.ofSeconds(30)).until(() -> spool.mode() == SpoolMode.REDIS);

      assertExactlyOnceInOrder(spool, first, total);
      spool.acknowledge(first + 99);
      assertThat(spool.after(0, 1).get(0).sequence()).isEqualTo(first + 100);
      spool.close();
      try (var afterCrash = ResilientReportSpool.open(settings(redis, "crash"))) {
        assertThat(afterCrash.lastSequence()).isEqualTo(first + total - 1);
        assertExactlyOnceInOrder(afterCrash, first + 100, total - 100, 100);
      }
    }
  }

  @Test
  void aFullMemorySpoolBlocksProducersUntilTheHubAcknowledges() {
    try (var redis = RedisProcess.start()) {
      redis.stop();
      var settings = settings(redis, "bounded").withMemoryBound(1 << 20, 10).withOrigin(1)
          .withReconnect(Duration.ofSeconds(30), Duration.ofSeconds(30));
      try (var spool = ResilientReportSpool.open(settings)) {
        var producer = CompletableFuture.runAsync(() -> IntStream.range(0, 25).forEach(i -> spool.append(bytes("r" + i))));

        await().atMost(Duration.ofSeconds(5)).until(() -> spool.lastSequence() == 10);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !producer.isDone());
        var acknowledgedUpTo = 0L;
        while (!producer.isDone()) {
          var sent = spool.after(acknowledgedUpTo, 4);
          if (!sent.isEmpty()) {
            acknowledgedUpTo = sent.get(sent.size() - 1).sequence();
            spool.acknowledge(acknowledgedUpTo);
          }
          await().atMost(Duration.ofSeconds(5)).until(() -> producer.isDone() || spool.pending() >= 7);
        }
        assertThat(spool.lastSequence()).isEqualTo(25);
        assertThat(spool.after(acknowledgedUpTo, 100)).extracting(SpooledReport::sequence)
            .containsExactlyElementsOf(IntStream.rangeClosed((int) acknowledgedUpTo + 1, 25).mapToObj(Long::valueOf)
                .toList());
      }
    }
  }

  @Test
  void concurrentProducersGetDistinctContiguousSequencesInAppendOrder() {
    try (var redis = RedisProcess.builder().appendOnly().start();
        var spool = ResilientReportSpool.open(settings(redis, "concurrent"))) {
      var first = spool.lastSequence() + 1;
      var producers = IntStream.range(0, 4).mapToObj(t -> CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 10_000; i++) {
          spool.append(bytes(t + ":" + i));
        }
      }, runnable -> new Thread(runnable, "producer-" + t).start())).toList();
      producers.forEach(CompletableFuture::join);

      var replay = replayAll(spool, first - 1);
      assertThat(replay).hasSize(40_000);
      var nextPerProducer = new HashMap<String, Integer>();
      for (int i = 0; i < replay.size(); i++) {
        assertThat(replay.get(i).sequence()).isEqualTo(first + i);
        var text = new String(replay.get(i).payload(), StandardCharsets.UTF_8).split(":");
        var expected = nextPerProducer.getOrDefault(text[0], 0);
        assertThat(Integer.parseInt(text[1])).as("producer %s in sequence order", text[0]).isEqualTo(expected);
        nextPerProducer.put(text[0], expected + 1);
      }
    }
  }

  private void assertExactlyOnceInOrder(ReportSpool spool, long first, int count) {
    assertExactlyOnceInOrder(spool, first, count, 0);
  }

  private void assertExactlyOnceInOrder(ReportSpool spool, long first, int count, int firstLine) {
    var replay = replayAll(spool, first - 1);
    assertThat(replay).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(replay.get(i)).isEqualTo(new SpooledReport(first + i, bytes("line " + (firstLine + i))));
    }
  }

  static List<SpooledReport> replayAll(ReportSpool spool, long after) {
    var all = new ArrayList<SpooledReport>();
    var from = after;
    for (var page = spool.after(from, 5_000); !page.isEmpty(); page = spool.after(from, 5_000)) {
      all.addAll(page);
      from = page.get(page.size() - 1).sequence();
    }
    return all;
  }

  private List<String> warnings() {
    return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  static SpoolSettings settings(RedisProcess redis, String agent) {
    return SpoolSettings.defaults(redis.uri(), agent).withReconnect(Duration.ofMillis(50), Duration.ofMillis(500));
  }
}
