package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.EnvVar;
import dev.anvil.protocol.agent.v1.RunAttempt;
import dev.anvil.protocol.bus.AgentCommands;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    var logs = new CapturedLogs();
    try (logs; var agent = fixture.connected("agent-secret", work)) {
      var attempt = AgentFixture.newAttempt();
      fixture.run("agent-secret", attempt, RunAttempt.newBuilder()
          .setScript("test \"$PASSWORD\" = '" + VALUE + "' && echo matches")
          .addEnv(EnvVar.newBuilder().setName("PASSWORD").setSecret(true)
              .setValue(AgentCommands.secretRef("lab", "bmc-creds", "password"))));
      await().atMost(Duration.ofSeconds(20)).until(() -> fixture.doneMarker(attempt) != null);
      assertThat(fixture.finished(attempt).orElseThrow().getAttemptFinished().getReason())
          .isEqualTo(AttemptFinished.Reason.COMPLETED);
      assertThat(fixture.storedLines(attempt)).extracting(AgentFixture.StoredLine::text).containsExactly("matches");
    }
    assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(VALUE));
    fixture.assertNoRedisHolds(VALUE);
  }
}
