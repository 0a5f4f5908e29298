package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.agent.hub.HubConnection;
import dev.anvil.protocol.bus.AgentRegistry;
import dev.anvil.protocol.bus.BusKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The agent's session with a real hub: registration and heartbeats, and a refused token. */
class AgentHubIT {

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
  void connectsRegistersAndHeartbeats() {
    try (var agent = fixture.connected("agent-a", work)) {
      var registry = new AgentRegistry(fixture.central.strings, Clock.systemUTC());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.live(Duration.ofSeconds(2)))
          .anySatisfy(live -> {
            assertThat(live.agentId()).isEqualTo("agent-a");
            assertThat(live.node()).isEqualTo("node-agent-a");
            assertThat(live.datacenter()).isEqualTo("dc-a");
            assertThat(live.labels()).containsEntry("rack", "r7").containsEntry("anvil.dev/datacenter", "dc-a");
            assertThat(live.features()).contains("run-attempt", "cancel-attempt");
            assertThat(live.fields()).containsKeys("cpu", "memory", "running");
          }));
      var first = lastHeartbeat(registry);
      // heartbeats keep coming (the hub asks for one every 400 ms)
      await().atMost(Duration.ofSeconds(5)).until(() -> lastHeartbeat(registry).isAfter(first));
      assertThat(fixture.central.strings.sync().hget(BusKeys.agent("agent-a"), "durableSpool")).isEqualTo("true");
    }
  }

  @Test
  void aWrongTokenIsRefusedNoCommandRunsAndTheAgentBacksOff() throws Exception {
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    var logger = (Logger) LoggerFactory.getLogger(HubConnection.class);
    logger.addAppender(appender);
    var marker = work.resolve("ran");
    try {
      fixture.runScript("agent-wrong", AgentFixture.newAttempt(), "touch " + marker);
      try (var agent = Agent.start(fixture.config("agent-wrong", "not-the-token", work), AgentFixture.FAST)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.hub().refusals() == 1);
        var dials = agent.hub().dials();
        // the refusal waits a minute, not the 100 ms of a transient failure: no further dial for a while
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
            .until(() -> agent.hub().dials() == dials);
        assertThat(agent.hub().isConnected()).isFalse();
        assertThat(agent.jobs().executedCommandSeq()).isZero();
        assertThat(Files.exists(marker)).as("no command ran").isFalse();
        assertThat(new AgentRegistry(fixture.central.strings, Clock.systemUTC()).live(Duration.ofMinutes(1)))
            .noneMatch(live -> live.agentId().equals("agent-wrong"));
      }
      assertThat(appender.list).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.ERROR);
        assertThat(event.getFormattedMessage()).contains("UNAUTHENTICATED", "ANVIL_AGENT_TOKEN_FILE", "60 s");
      });
      assertThat(appender.list).noneMatch(event -> event.getFormattedMessage().contains("not-the-token"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void withoutALocalRedisTheSpoolIsMemoryOnlyAndTheHubIsTold() throws Exception {
    var config = fixture.config("agent-nomem", CentralHub.TOKEN, work);
    var noRedis = new dev.anvil.agent.config.AgentConfig(config.agentId(), config.nodeName(), config.datacenter(),
        config.labels(), config.hubHost(), config.hubPort(), true, config.token(), "redis://127.0.0.1:1",
        config.maxAttempts(), config.workDir());
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    var logger = (Logger) LoggerFactory.getLogger(Agent.class);
    logger.addAppender(appender);
    try (var agent = Agent.start(noRedis, AgentFixture.FAST)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> agent.hub().isConnected());
      await().atMost(Duration.ofSeconds(5)).until(() -> "false".equals(
          fixture.central.strings.sync().hget(BusKeys.agent("agent-nomem"), "durableSpool")));
      assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("memory-only"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  private static Instant lastHeartbeat(AgentRegistry registry) {
    return registry.live(Duration.ofMinutes(1)).stream().filter(a -> a.agentId().equals("agent-a")).findFirst()
        .orElseThrow().lastHeartbeat();
  }
}
