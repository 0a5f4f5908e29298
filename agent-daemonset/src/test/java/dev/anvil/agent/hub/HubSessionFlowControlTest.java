package dev.anvil.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.spool.MemoryReportSpool;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.agent.v1.AttemptStarted;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.Report;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The sender writes only while the transport says it is ready, and resumes, in order, when it becomes ready. */
class HubSessionFlowControlTest {

  @Test
  void aHubThatDoesNotReadStopsTheSenderInsteadOfFillingBuffers() throws Exception {
    var spool = new MemoryReportSpool(1, 1 << 20, 1_000);
    var outbox = new ReportOutbox(spool);
    var session = new HubSession(outbox, new CommandHandler() {
      @Override
      public long execute(Command command) {
        return 0;
      }

      @Override
      public long executedCommandSeq() {
        return 0;
      }

      @Override
      public List<String> runningAttemptIds() {
        return List.of();
      }
    });
    var transport = new TransportStub();
    session.beforeStart(transport);
    for (var i = 1; i <= 10; i++) {
      outbox.append(Report.newBuilder().setAttemptStarted(AttemptStarted.newBuilder().setAttemptId("a/" + i)));
    }
    var running = new AtomicBoolean(true);
    var sender = new Thread(() -> {
      try {
        session.drain(0, running::get);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    sender.start();
    try {
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> transport.sent.isEmpty());

      transport.allow(3);
      await().atMost(Duration.ofSeconds(2)).until(() -> transport.sent.size() == 3);
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> transport.sent.size() == 3);

      transport.allow(100);
      await().atMost(Duration.ofSeconds(2)).until(() -> transport.sent.size() == 10);
      assertThat(transport.sent).extracting(m -> m.getReport().getReportSeq())
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
      assertThat(transport.sent.get(9).getReport().getAttemptStarted().getAttemptId()).isEqualTo("a/10");

      outbox.append(Report.newBuilder().setAttemptStarted(AttemptStarted.newBuilder().setAttemptId("a/11")));
      await().atMost(Duration.ofSeconds(2)).until(() -> transport.sent.size() == 11);
    } finally {
      running.set(false);
      sender.join(2_000);
    }
  }
}
