package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.EnvVar;
import dev.anvil.protocol.agent.v1.RunAttempt;
import dev.anvil.protocol.bus.AgentCommands;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A secret environment value reaches the process and nothing else: no agent log, no report, no Redis entry. */
class AgentSecretsIT {

  private static final String VALUE = "pa55-w0rd-91c";
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
  void aSecretValueReachesTheProcessOnly() throws Exception {
    fixture.central.kubernetes.secrets().inNamespace("lab").resource(new SecretBuilder()
        .withNewMetadata().withName("bmc-creds").withNamespace("lab").endMetadata()
        .withStringData(Map.of("password", VALUE)).build()).create();
    var appender = new ListAppender<ILoggingEvent>();
    appender.start();
    var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    try (var agent = fixture.connected("agent-secret", work)) {
      var attempt = AgentFixture.newAttempt();
      fixture.run("agent-secret", attempt, RunAttempt.newBuilder()
          .setScript("test \"$PASSWORD\" = '" + VALUE + "' && echo matches")
          .addEnv(EnvVar.newBuilder().setName("PASSWORD").setSecret(true)
              .setValue(AgentCommands.secretRef("lab", "bmc-creds", "password"))));
      await().atMost(Duration.ofSeconds(20)).until(() -> fixture.doneMarker(attempt) != null);
      assertThat(fixture.finished(attempt).orElseThrow().getAttemptFinished().getReason())
          .isEqualTo(AttemptFinished.Reason.COMPLETED);
      assertThat(fixture.storedLines(attempt)).extracting(AgentFixture.StoredLine::text).containsExactly("matches");
    } finally {
      root.detachAppender(appender);
    }
    assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(VALUE));
    var central = fixture.central.bytes.sync();
    for (var key : central.keys("*")) {
      var type = central.type(key);
      var dump = central.dump(key);
      assertThat(dump == null ? "" : new String(dump, StandardCharsets.ISO_8859_1)).as(key + " (" + type + ")")
          .doesNotContain(VALUE);
    }
    try (var client = io.lettuce.core.RedisClient.create(fixture.local.uri()); var local = client.connect()) {
      for (var key : local.sync().keys("*")) {
        var dump = local.sync().dump(key);
        assertThat(dump == null ? "" : new String(dump, StandardCharsets.ISO_8859_1)).as(key).doesNotContain(VALUE);
      }
    }
  }
}
