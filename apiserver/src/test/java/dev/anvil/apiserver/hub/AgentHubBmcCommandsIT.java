package dev.anvil.apiserver.hub;

import static dev.anvil.apiserver.hub.Agents.TOKEN;
import static dev.anvil.apiserver.hub.BmcMessages.HOST_UID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.bus.AgentCommands;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lettuce.core.Range;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** ServeBmcHost credentials are resolved into the agent's stream only; a Secret the hub cannot read is observed. */
class AgentHubBmcCommandsIT {

  private static final String PASSWORD = "c4lvin-Bmc-pw-7731";
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBdc-a\n-----END CERTIFICATE-----\n";
  private static HubFixture fixture;
  private AgentCommands commands;

  @BeforeAll
  static void start() {
    fixture = new HubFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void flush() {
    fixture.flush();
    commands = new AgentCommands(fixture.bytes.async());
  }

  @Test
  void credentialsAndCaBundleReachTheAgentsStreamAndNeitherLogsNorRedis() throws Exception {
    var base64 = Base64.getEncoder();
    secret("r640-17-bmc", Map.of("username", base64.encodeToString("root".getBytes(StandardCharsets.UTF_8)),
        "password", base64.encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8))), Map.of());
    secret("dc-a-bmc-ca", Map.of(), Map.of("ca.crt", CA));
    var logs = new ListAppender<ILoggingEvent>();
    logs.start();
    var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(BmcMessages.hello("agent-1"));
      inbox.next();

      commands.send("agent-1", BmcMessages.serve("lab/r640-17-bmc", "lab/dc-a-bmc-ca/ca.crt"));
      var serve = inbox.next().getCommand().getServeBmcHost();
      assertThat(serve.getCredentials().getUsername()).isEqualTo("root");
      assertThat(serve.getCredentials().getPassword()).isEqualTo(PASSWORD);
      assertThat(serve.getTls().getCaBundlePem()).isEqualTo(CA);
      assertThat(serve.getAddress()).isEqualTo("redfish+https://10.1.2.17/redfish/v1/Systems/1");

      toHub.onNext(BmcMessages.report(1, BmcMessages.observation(1_760_000_000_000L, "On")));
      assertThat(inbox.next().getReportAck().getReportSeq()).isEqualTo(1);
      toHub.onCompleted();
      inbox.awaitEnd();
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(PASSWORD)
        || (e.getThrowableProxy() != null && e.getThrowableProxy().getMessage() != null
            && e.getThrowableProxy().getMessage().contains(PASSWORD)));
    assertThat(fixture.everyKeyAndValue()).doesNotContain(PASSWORD).contains("r640-17-bmc");
  }

  @Test
  void aSecretTheHubCannotReadIsNotSentAndTheHostIsObservedCredentialsUnavailable() throws Exception {
    secret("no-password", Map.of(), Map.of("username", "root"));
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(BmcMessages.hello("agent-1"));
      inbox.next();
      var before = Instant.now().toEpochMilli();

      commands.send("agent-1", BmcMessages.serve("lab/no-such-secret", ""));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(storedObservation().getErrorMessage())
          .isEqualTo("BmcHost lab/r640-17 credentials: Secret lab/no-such-secret not found"));
      commands.send("agent-1", BmcMessages.serve("lab/no-password", ""));
      commands.send("agent-1", BmcMessages.release());

      var next = inbox.next().getCommand();
      assertThat(next.getCommandSeq()).as("1 and 2 cannot be resolved and are not sent").isEqualTo(3);
      assertThat(next.hasReleaseBmcHost()).isTrue();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(storedObservation().getErrorMessage())
          .isEqualTo("BmcHost lab/r640-17 credentials: Secret lab/no-password has no key password"));
      var stored = fixture.bytes.sync().hgetall(BusKeys.bmcObservation(HOST_UID));
      assertThat(text(stored.get("agent"))).isEqualTo("agent-1");
      assertThat(Long.parseLong(text(stored.get("observed")))).isBetween(before, Instant.now().toEpochMilli());
      assertThat(storedObservation().getErrorKind()).isEqualTo("CREDENTIALS_UNAVAILABLE");
      assertThat(storedObservation().getConfigVersion()).isEqualTo("v1");
      assertThat(fixture.bytes.sync().xrange(BusKeys.REPORTS, Range.create("-", "+"))).hasSize(2).allSatisfy(m -> {
        assertThat(text(m.getBody().get(ReportEntry.TYPE))).isEqualTo(ReportEntry.BMC_OBSERVATION);
        assertThat(text(m.getBody().get(ReportEntry.HOST))).isEqualTo(HOST_UID);
        assertThat(text(m.getBody().get(ReportEntry.AGENT))).isEqualTo("agent-1");
      });
    }
  }

  private static BmcObservation storedObservation() throws Exception {
    var payload = fixture.bytes.sync().hget(BusKeys.bmcObservation(HOST_UID), "payload");
    assertThat(payload).as("stored observation").isNotNull();
    return BmcObservation.parseFrom(payload);
  }

  private static void secret(String name, Map<String, String> data, Map<String, String> stringData) {
    fixture.kubernetes.secrets().inNamespace("lab").resource(new SecretBuilder().withNewMetadata().withName(name)
        .withNamespace("lab").endMetadata().withData(data).withStringData(stringData).build()).create();
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
