package dev.anvil.agent.spool;

import static dev.anvil.agent.spool.MemoryReportSpoolTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisReportSpoolIT {

  private static RedisProcess redis;
  private static RedisClient client;

  @BeforeAll
  static void startRedis() {
    redis = RedisProcess.builder().appendOnly().start();
    client = RedisReportSpool.newClient(redis.uri(), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stopRedis() {
    client.shutdown();
    redis.close();
  }

  @Test
  void appendsReplaysAndDropsAcknowledgedReports() {
    try (var spool = RedisReportSpool.open(client, "basic", 1)) {
      assertThat(spool.mode()).isEqualTo(SpoolMode.REDIS);
      for (int i = 1; i <= 5; i++) {
        assertThat(spool.append(bytes("r" + i))).isEqualTo(i);
      }
      assertThat(spool.after(2, 2)).containsExactly(new SpooledReport(3, bytes("r3")),
          new SpooledReport(4, bytes("r4")));

      spool.acknowledge(3);

      assertThat(spool.pending()).isEqualTo(2);
      assertThat(spool.after(0, 10)).extracting(SpooledReport::sequence).containsExactly(4L, 5L);
    }
  }

  @Test
  void aRestartedAgentContinuesTheSequenceAndReplaysWhatWasNotAcknowledged() {
    try (var first = RedisReportSpool.open(client, "restart", 500)) {
      first.appendAll(IntStream.range(0, 10).mapToObj(i -> bytes("r" + i)).toList());
      first.acknowledge(503);
      // everything acknowledged still leaves the counter: numbering must not restart
      first.acknowledge(509);
    }
    try (var second = RedisReportSpool.open(client, "restart", 1)) {
      assertThat(second.lastSequence()).isEqualTo(509);
      assertThat(second.pending()).isZero();
      assertThat(second.append(bytes("after restart"))).isEqualTo(510);
    }
    try (var third = RedisReportSpool.open(client, "restart", 1)) {
      assertThat(third.after(0, 10)).containsExactly(new SpooledReport(510, bytes("after restart")));
    }
  }

  @Test
  void appendAllWritesBatchesInOrder() {
    try (var spool = RedisReportSpool.open(client, "batches", 1)) {
      var payloads = IntStream.range(0, 2_500).mapToObj(i -> bytes("line " + i)).toList();
      assertThat(spool.appendAll(payloads)).isEqualTo(2_500);
      var replay = new ArrayList<SpooledReport>();
      for (var page = spool.after(0, 1_000); !page.isEmpty(); page = spool.after(replay.get(replay.size() - 1)
          .sequence(), 1_000)) {
        replay.addAll(page);
      }
      assertThat(replay).hasSize(2_500);
      for (int i = 0; i < replay.size(); i++) {
        assertThat(replay.get(i)).isEqualTo(new SpooledReport(i + 1, bytes("line " + i)));
      }
    }
  }

  @Test
  void aRepeatedWriteIsSkippedAndAGapIsRefused() {
    try (var spool = RedisReportSpool.open(client, "idempotent", 1)) {
      var batch = List.of(new SpooledReport(1, bytes("a")), new SpooledReport(2, bytes("b")));
      assertThat(spool.await(spool.storeAsync(batch))).isEqualTo(2);
      assertThat(spool.await(spool.storeAsync(List.of(new SpooledReport(2, bytes("b")),
          new SpooledReport(3, bytes("c")))))).isEqualTo(3);

      assertThatThrownBy(() -> spool.await(spool.storeAsync(List.of(new SpooledReport(5, bytes("e"))))))
          .isInstanceOf(SpoolUnavailableException.class).hasMessageContaining("SPOOLGAP");
      assertThatThrownBy(() -> spool.await(spool.storeAsync(List.of(new SpooledReport(4, bytes("d")),
          new SpooledReport(6, bytes("f")))))).hasMessageContaining("SPOOLGAP");
      assertThat(spool.after(0, 10)).extracting(SpooledReport::sequence).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void failsClearlyWithoutRedis() {
    var nowhere = RedisReportSpool.newClient("redis://127.0.0.1:1", Duration.ofSeconds(1));
    try {
      assertThatThrownBy(() -> RedisReportSpool.open(nowhere, "x", 1)).isInstanceOf(SpoolUnavailableException.class)
          .hasMessageContaining("no local Redis");
    } finally {
      nowhere.shutdown();
    }
  }
}
