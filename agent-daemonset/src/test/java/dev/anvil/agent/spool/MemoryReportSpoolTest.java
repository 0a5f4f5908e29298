package dev.anvil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MemoryReportSpoolTest {

  @Test
  void numbersFromTheGivenValueAndDropsWhatIsAcknowledged() {
    var spool = new MemoryReportSpool(1_000, 1 << 20, 100);
    assertThat(spool.lastSequence()).isEqualTo(999);
    for (int i = 0; i < 5; i++) {
      assertThat(spool.append(bytes("r" + i))).isEqualTo(1_000 + i);
    }
    assertThat(spool.after(1_001, 2)).extracting(SpooledReport::sequence).containsExactly(1_002L, 1_003L);

    spool.acknowledge(1_002);

    assertThat(spool.pending()).isEqualTo(2);
    assertThat(spool.after(0, 10)).containsExactly(new SpooledReport(1_003, bytes("r3")),
        new SpooledReport(1_004, bytes("r4")));
    assertThat(spool.lastSequence()).isEqualTo(1_004);
  }

  @Test
  void aFullSpoolBlocksTheProducerUntilAcknowledgementsFreeRoom() {
    var spool = new MemoryReportSpool(1, 1 << 20, 3);
    var producer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 6; i++) {
        spool.append(bytes("r" + i));
      }
    });

    await().atMost(Duration.ofSeconds(5)).until(() -> spool.pending() == 3);
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !producer.isDone());
    assertThat(spool.lastSequence()).isEqualTo(3);

    spool.acknowledge(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> spool.lastSequence() == 5);
    assertThat(producer).isNotDone();

    spool.acknowledge(5);
    await().atMost(Duration.ofSeconds(5)).until(producer::isDone);
    assertThat(spool.after(0, 10)).extracting(SpooledReport::sequence).containsExactly(6L);
  }

  @Test
  void theByteBoundBlocksToo() {
    var spool = new MemoryReportSpool(1, 10, 100);
    spool.append(new byte[6]);
    var producer = CompletableFuture.supplyAsync(() -> spool.append(new byte[6]));

    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !producer.isDone());
    spool.acknowledge(1);

    assertThat(producer).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(2L);
  }

  @Test
  void refusesAReportThatCouldNeverFitAndWakesBlockedProducersOnClose() {
    var spool = new MemoryReportSpool(1, 10, 1);
    assertThatThrownBy(() -> spool.append(new byte[11])).isInstanceOf(IllegalArgumentException.class);
    spool.append(new byte[1]);
    var blocked = CompletableFuture.supplyAsync(() -> spool.append(new byte[1]));
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> !blocked.isDone());

    spool.close();

    assertThat(blocked).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
        .withCauseInstanceOf(SpoolClosedException.class);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
