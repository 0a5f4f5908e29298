package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.ResetAction;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import dev.anvil.sim.redfish.SessionSupport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Neither the password nor a session token reaches a log line or an exception message, whatever goes wrong. */
class RedfishSecretsIT {

  private static final String USER = "operator";
  private static final String PASSWORD = "s3cr3t-Pa55word";

  private final Logger logger = (Logger) LoggerFactory.getLogger("dev.anvil.agent.bmc.redfish");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<String> messages = new ArrayList<>();
  private Level previousLevel;

  @BeforeEach
  void captureLogs() {
    previousLevel = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setLevel(previousLevel);
  }

  /** Runs the call and keeps what a caller could show of its failure: every message and toString of the chain. */
  private void collect(BmcCall call) {
    try {
      call.run();
    } catch (BmcException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.add(t.toString());
      }
    }
  }

  @FunctionalInterface
  private interface BmcCall {
    void run() throws BmcException;
  }

  @Test
  void noSecretInLogsOrMessages() throws Exception {
    try (var bmc = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).credentials(USER, PASSWORD).start();
        var basicOnly = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).credentials(USER, PASSWORD)
            .sessions(SessionSupport.ABSENT).start();
        var other = RedfishSimulator.start(Mockup.PUBLIC_BLADED)) {
      var endpoint = Endpoints.of(bmc, "");
      try (var client = RedfishClient.create(endpoint);
          var wrongPassword = RedfishClient.create(Endpoints.withPassword(endpoint, PASSWORD + "x"));
          var basicWrong = RedfishClient.create(Endpoints.withPassword(Endpoints.of(basicOnly, ""), PASSWORD + "x"));
          var wrongCa = RedfishClient.create(Endpoints.withTls(endpoint, other.caPem(), false))) {
        collect(client::read);
        bmc.invalidateSessions();
        collect(client::read);
        collect(() -> client.reset(ResetAction.PowerCycle));
        bmc.failNext(3, 500);
        collect(client::power);
        bmc.garbleNext(1);
        collect(client::power);
        bmc.unreachable();
        collect(client::power);
        bmc.reachable();
        collect(wrongPassword::power);
        collect(basicWrong::power);
        collect(wrongCa::power);
        messages.add(client.toString());
        messages.add(endpoint.toString());
      }

      assertThat(bmc.loginCount()).as("the scenario did log in and out").isGreaterThanOrEqualTo(2);
      assertThat(messages).hasSizeGreaterThan(8);
      var lines = new ArrayList<>(messages);
      logs.list.forEach(event -> {
        lines.add(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
          lines.add(event.getThrowableProxy().getMessage());
        }
      });
      var basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      var secrets = new ArrayList<>(List.of(PASSWORD, basic));
      secrets.addAll(bmc.issuedTokens());
      assertThat(bmc.issuedTokens()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(logs.list).as("the client did log").isNotEmpty();
      for (var line : lines) {
        for (var secret : secrets) {
          assertThat(line).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void aSessionCredentialHidesItsTokenAndLogoutEndsTheSession() throws Exception {
    try (var bmc = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).credentials(USER, PASSWORD).start()) {
      BmcEndpoint endpoint = Endpoints.of(bmc, "");
      var http = RedfishHttp.create(endpoint, RedfishAddress.of(endpoint.address()));
      var session = new RedfishSession(http, USER, PASSWORD);
      session.sessionsPath("/redfish/v1/SessionService/Sessions");

      var credential = session.current();

      assertThat(credential.isSession()).isTrue();
      assertThat(credential.toString()).isEqualTo("Credential[X-Auth-Token ***]")
          .doesNotContain(bmc.issuedTokens().get(0));
      session.logout();
      assertThat(bmc.liveSessionCount()).isZero();
    }
  }
}
