package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent Jobs end to end: the bus command reaches the agent through a real hub, and the whole log lands once. */
class AgentJobsIT {

  private static AgentFixture fixture;

  @TempDir
  Path work;

  @BeforeAll
  static void start() {
    fixture = new AgentFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void runsACommandAndStoresEveryLineInOrderWithTheFinish() throws Exception {
    try (var agent = fixture.connected("agent-run", work)) {
      var attempt = AgentFixture.newAttempt();
      var started = System.nanoTime();
      fixture.runCommand("agent-run", attempt, "seq", "1", "20000");

      await().atMost(Duration.ofSeconds(60)).until(() -> fixture.doneMarker(attempt) != null);
      var seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("agent log throughput: 20000 lines in %.2f s = %.0f lines/s (command on the bus to :done)%n",
          seconds, 20000 / seconds);
      assertComplete(attempt, 20_000);
      var finish = fixture.finished(attempt).orElseThrow().getAttemptFinished();
      assertThat(finish.getReason()).isEqualTo(AttemptFinished.Reason.COMPLETED);
      assertThat(finish.getExitCode()).isZero();
      assertThat(finish.getLastLineSeq()).isEqualTo(20_000);
    }
  }

  @Test
  void everyLineArrivesOnceAndInOrderWhileTheStreamIsCutAgainAndAgain() throws Exception {
    try (var agent = fixture.connected("agent-cut", work)) {
      var attempt = AgentFixture.newAttempt();
      // 20 chunks of 1,000 lines over about 2 s, so the cuts fall in the middle of the run
      fixture.runScript("agent-cut", attempt,
          "for i in $(seq 0 19); do seq $((i * 1000 + 1)) $((i * 1000 + 1000)); sleep 0.1; done");
      await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.storedLines(attempt).isEmpty());
      var cuts = 0;
      for (var i = 0; i < 6 && fixture.doneMarker(attempt) == null; i++) {
        var welcomes = agent.hub().welcomes();
        if (i % 3 == 2) {
          fixture.central.stopServer();
          fixture.central.startServer();
        } else {
          agent.hub().dropStream();
        }
        cuts++;
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.hub().welcomes() > welcomes);
      }
      System.out.printf("stream cut %d times during the run (%d hub server restarts)%n", cuts, cuts / 3);
      assertThat(cuts).isGreaterThanOrEqualTo(3);

      await().atMost(Duration.ofSeconds(60)).until(() -> fixture.doneMarker(attempt) != null);
      assertComplete(attempt, 20_000);
      assertThat(fixture.finished(attempt).orElseThrow().getAttemptFinished().getReason())
          .isEqualTo(AttemptFinished.Reason.COMPLETED);
    }
  }

  @Test
  void aHundredThousandLinesSurviveTenCuts() throws Exception {
    try (var agent = fixture.connected("agent-100k", work)) {
      var attempt = AgentFixture.newAttempt();
      var started = System.nanoTime();
      fixture.runScript("agent-100k", attempt,
          "for i in $(seq 0 49); do seq $((i * 2000 + 1)) $((i * 2000 + 2000)); sleep 0.08; done");
      await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.storedLines(attempt).isEmpty());
      for (var i = 0; i < 10; i++) {
        var welcomes = agent.hub().welcomes();
        if (i % 4 == 3) {
          fixture.central.stopServer();
          fixture.central.startServer();
        } else {
          agent.hub().dropStream();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.hub().welcomes() > welcomes);
      }
      var cutsDuringRun = fixture.doneMarker(attempt) == null;
      await().atMost(Duration.ofSeconds(90)).until(() -> fixture.doneMarker(attempt) != null);
      var seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("100000 lines through 10 cuts (all during the run: %s) in %.2f s%n", cutsDuringRun, seconds);
      assertThat(cutsDuringRun).as("the tenth cut came before the attempt finished").isTrue();
      assertComplete(attempt, 100_000);
    }
  }

  @Test
  void cancelKillsTheProcessAndReportsCancelled() throws Exception {
    try (var agent = fixture.connected("agent-cancel", work)) {
      var attempt = AgentFixture.newAttempt();
      fixture.runScript("agent-cancel", attempt, "echo started; exec sleep 300");
      await().atMost(Duration.ofSeconds(10)).until(() -> fixture.storedLines(attempt).size() == 1);
      assertThat(agent.jobs().runningAttemptIds()).containsExactly(attempt.toString());

      fixture.cancel("agent-cancel", attempt);

      await().atMost(Duration.ofSeconds(20)).until(() -> fixture.finished(attempt).isPresent());
      var finish = fixture.finished(attempt).orElseThrow().getAttemptFinished();
      assertThat(finish.getReason()).isEqualTo(AttemptFinished.Reason.CANCELLED);
      assertThat(finish.getMessage()).contains("JobDeleted");
      assertThat(agent.jobs().runningAttemptIds()).isEmpty();
    }
  }

  @Test
  void aRedeliveredRunAttemptDoesNotRunTwice() throws Exception {
    try (var agent = fixture.connected("agent-dup", work)) {
      var attempt = AgentFixture.newAttempt();
      var marker = work.resolve("runs");
      fixture.runScript("agent-dup", attempt, "echo run >> " + marker);
      await().atMost(Duration.ofSeconds(20)).until(() -> fixture.doneMarker(attempt) != null);
      // the operator resends the same attempt (at-least-once on the bus): a new command_seq, the same attempt id
      fixture.runScript("agent-dup", attempt, "echo run >> " + marker);
      var second = AgentFixture.newAttempt();
      fixture.runCommand("agent-dup", second, "true");
      await().atMost(Duration.ofSeconds(20)).until(() -> fixture.finished(second).isPresent());
      assertThat(java.nio.file.Files.readAllLines(marker)).containsExactly("run");
    }
  }

  @Test
  void overCapacityAndUnstartableAttemptsFinishStartFailedWithAReason() throws Exception {
    try (var agent = fixture.connected("agent-full", work)) {
      var first = AgentFixture.newAttempt();
      var second = AgentFixture.newAttempt();
      fixture.runCommand("agent-full", first, "sleep", "300");
      fixture.runCommand("agent-full", second, "sleep", "300");
      await().atMost(Duration.ofSeconds(10)).until(() -> agent.jobs().runningAttemptIds().size() == 2);

      var third = AgentFixture.newAttempt();
      fixture.runCommand("agent-full", third, "true");
      await().atMost(Duration.ofSeconds(10)).until(() -> fixture.finished(third).isPresent());
      var refused = fixture.finished(third).orElseThrow().getAttemptFinished();
      assertThat(refused.getReason()).isEqualTo(AttemptFinished.Reason.START_FAILED);
      assertThat(refused.getMessage()).contains("capacity", "2 of 2");
      assertThat(refused.hasExitCode()).isFalse();

      fixture.cancel("agent-full", first);
      await().atMost(Duration.ofSeconds(10)).until(() -> fixture.finished(first).isPresent());
      var missing = AgentFixture.newAttempt();
      fixture.runCommand("agent-full", missing, "/no/such/program");
      await().atMost(Duration.ofSeconds(10)).until(() -> fixture.finished(missing).isPresent());
      var unstartable = fixture.finished(missing).orElseThrow().getAttemptFinished();
      assertThat(unstartable.getReason()).isEqualTo(AttemptFinished.Reason.START_FAILED);
      assertThat(unstartable.getMessage()).contains("/no/such/program");
    }
  }

  private static void assertComplete(AttemptId attempt, int count) {
    var lines = fixture.storedLines(attempt);
    assertThat(lines).hasSize(count);
    for (var i = 0; i < count; i++) {
      var line = lines.get(i);
      if (line.seq() != i + 1 || !line.text().equals(Integer.toString(i + 1))) {
        throw new AssertionError("stored line " + (i + 1) + " is " + line);
      }
    }
    assertThat(fixture.doneMarker(attempt)).isEqualTo(Integer.toString(count));
  }
}
