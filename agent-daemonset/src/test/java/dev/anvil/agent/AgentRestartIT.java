package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.agent.v1.AttemptFinished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent spooled and executed survives its own restart while the hub is away. */
class AgentRestartIT {

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
  void anAgentRestartedWhileTheHubIsDownReplaysItsSpoolAndRunsNothingTwice() throws Exception {
    var attempt = AgentFixture.newAttempt();
    var runs = work.resolve("runs");
    var config = fixture.config("agent-restart", CentralHub.TOKEN, work);
    try (var agent = fixture.connected("agent-restart", work)) {
      fixture.runScript("agent-restart", attempt,
          "echo run >> " + runs + "; seq 1 5000; sleep 0.5; seq 5001 10000");
      await().atMost(Duration.ofSeconds(10)).until(() -> !fixture.storedLines(attempt).isEmpty());
      fixture.central.stopServer();
      await().atMost(Duration.ofSeconds(20)).until(() -> agent.jobs().runningAttemptIds().isEmpty());
    }
    assertThat(fixture.doneMarker(attempt)).as("the finish is still only in the agent's spool").isNull();

    fixture.central.startServer();
    try (var restarted = Agent.start(config, AgentFixture.FAST)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.doneMarker(attempt) != null);
      var lines = fixture.storedLines(attempt);
      assertThat(lines).hasSize(10_000);
      for (var i = 0; i < lines.size(); i++) {
        assertThat(lines.get(i).seq()).isEqualTo(i + 1);
        assertThat(lines.get(i).text()).isEqualTo(Integer.toString(i + 1));
      }
      assertThat(fixture.finished(attempt).orElseThrow().getAttemptFinished().getReason())
          .isEqualTo(AttemptFinished.Reason.COMPLETED);
      // the executed command position came back from the local Redis, so the hub did not redeliver the RunAttempt
      assertThat(restarted.jobs().executedCommandSeq()).isEqualTo(1);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> restarted.jobs().runningAttemptIds().isEmpty());
      assertThat(Files.readAllLines(runs)).containsExactly("run");
    }
  }
}
