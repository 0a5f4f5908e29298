package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import dev.anvil.sim.redfish.SessionSupport;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redfish client when things go wrong: sessions, credentials, an unreachable or failing BMC, TLS. */
class RedfishClientFailureIT {

  private static final String RACK = "/redfish/v1/Systems/437XR1138R2";

  private RedfishSimulator bmc;

  @BeforeEach
  void start() {
    bmc = RedfishSimulator.start(Mockup.PUBLIC_RACKMOUNT1);
  }

  @AfterEach
  void stop() {
    bmc.close();
  }

  private static void assertKind(ThrowingCallable call, Kind kind) {
    assertThatThrownBy(call).isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  @Test
  void anEndedSessionIsReplacedByOneNewLoginAndLoggedOutAtClose() throws Exception {
    try (var client = RedfishClient.create(Endpoints.of(bmc, ""))) {
      client.read();
      bmc.invalidateSessions();

      assertThat(client.read().power()).isEqualTo(PowerStatus.On);
      assertThat(bmc.loginCount()).isEqualTo(2);
      assertThat(bmc.liveSessionCount()).isEqualTo(1);
    }
    assertThat(bmc.liveSessionCount()).isZero();
  }

  @Test
  void aBmcWithoutUsableSessionsIsUsedWithBasic() throws Exception {
    for (var support : new SessionSupport[] {SessionSupport.REFUSED, SessionSupport.ABSENT}) {
      try (var basicOnly = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).sessions(support).start();
          var client = RedfishClient.create(Endpoints.of(basicOnly, RACK))) {
        assertThat(client.read().power()).as(support.name()).isEqualTo(PowerStatus.On);
        client.reset(ResetAction.ForceOff);
        assertThat(basicOnly.powerState(RACK)).isEqualTo("Off");
        assertThat(basicOnly.loginCount()).isZero();
      }
    }
  }

  @Test
  void aWrongPasswordIsAuthFailedWithSessionsAndWithBasic() throws Exception {
    try (var basicOnly = RedfishSimulator.builder(Mockup.PUBLIC_BLADED).sessions(SessionSupport.ABSENT).start();
        var sessionClient = RedfishClient.create(Endpoints.withPassword(Endpoints.of(bmc, ""), "wrong"));
        var basicClient = RedfishClient.create(Endpoints.withPassword(
            Endpoints.of(basicOnly, "/redfish/v1/Systems/529QB9450R6"), "wrong"))) {
      assertKind(sessionClient::read, Kind.AUTH_FAILED);
      assertKind(basicClient::read, Kind.AUTH_FAILED);
      assertThat(bmc.requestCount("POST", "/redfish/v1/SessionService/Sessions")).isEqualTo(1);
    }
  }

  @Test
  void aStoppedBmcIsUnreachableAndTheSameClientRecoversWhenItIsBack() throws Exception {
    try (var client = RedfishClient.create(Endpoints.of(bmc, ""))) {
      client.power();
      bmc.unreachable();
      assertKind(client::power, Kind.UNREACHABLE);

      bmc.reachable();
      assertThat(client.power()).isEqualTo(PowerStatus.On);
    }
  }

  @Test
  void aHungBmcIsUnreachableWithinTheTimeoutOfEachAttempt() throws Exception {
    var timeout = Duration.ofMillis(500);
    try (var client = RedfishClient.create(Endpoints.withTimeout(Endpoints.of(bmc, ""), timeout))) {
      bmc.delay(Duration.ofSeconds(10));
      var started = System.nanoTime();

      assertThatThrownBy(client::power).isInstanceOfSatisfying(BmcException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE)).hasMessageContaining("after 3 attempts");
      var elapsed = Duration.ofNanos(System.nanoTime() - started);
      // three attempts of 0.5 s and two backoffs of at most 0.3 s and 0.6 s: 2.4 s, with room for a busy machine
      assertThat(elapsed).isBetween(timeout.multipliedBy(RedfishHttp.ATTEMPTS), Duration.ofSeconds(5));
    }
  }

  @Test
  void transientFailuresAreRetriedAndLastingOnesRejectedWithTheBmcsMessage() throws Exception {
    try (var client = RedfishClient.create(Endpoints.of(bmc, ""))) {
      client.power();
      bmc.failNext(2, 503);
      assertThat(client.power()).isEqualTo(PowerStatus.On);

      bmc.failNext(10, 500);
      assertThatThrownBy(client::power).isInstanceOfSatisfying(BmcException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED)).hasMessageContaining("HTTP 500")
          .hasMessageContaining("internal service error");
    }
  }

  @Test
  void anActionWhoseAnswerIsLostIsNotSentTwice() throws Exception {
    try (var client = RedfishClient.create(Endpoints.withTimeout(Endpoints.of(bmc, ""), Duration.ofMillis(700)))) {
      client.power();
      bmc.delayNext("POST", 1, Duration.ofSeconds(2));

      assertThatThrownBy(() -> client.reset(ResetAction.ForceOff)).isInstanceOfSatisfying(BmcException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE)).hasMessageContaining("may or may not");

      assertThat(bmc.requestCount("POST", RACK + "/Actions/ComputerSystem.Reset")).isEqualTo(1);
      // the BMC carries the action out late: why it must not be sent again
      await().atMost(Duration.ofSeconds(5)).until(() -> "Off".equals(bmc.powerState(RACK)));
    }
  }

  @Test
  void anAnswerThatIsNotJsonIsAProtocolError() throws Exception {
    try (var client = RedfishClient.create(Endpoints.of(bmc, ""))) {
      client.power();
      bmc.garbleNext(1);

      assertKind(client::power, Kind.PROTOCOL);
      assertThat(client.power()).isEqualTo(PowerStatus.On);
    }
  }

  @Test
  void theCertificateMustChainToTheGivenCaAndNameTheHost() throws Exception {
    try (var other = RedfishSimulator.start(Mockup.PUBLIC_BLADED);
        var misnamed = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).certificateNames("bmc.example").start();
        var wrongCa = RedfishClient.create(Endpoints.withTls(Endpoints.of(bmc, ""), other.caPem(), false));
        var jvmTrust = RedfishClient.create(Endpoints.withTls(Endpoints.of(bmc, ""), null, false));
        var wrongName = RedfishClient.create(Endpoints.of(misnamed, ""));
        var insecure = RedfishClient.create(Endpoints.withTls(Endpoints.of(bmc, ""), other.caPem(), true))) {
      assertKind(wrongCa::power, Kind.TLS);
      assertKind(jvmTrust::power, Kind.TLS);
      assertThatThrownBy(wrongName::power).isInstanceOfSatisfying(BmcException.class,
          e -> assertThat(e.kind()).isEqualTo(Kind.TLS)).hasMessageContaining("not verified");
      assertThat(insecure.power()).isEqualTo(PowerStatus.On);
      assertKind(() -> RedfishClient.create(Endpoints.withTls(Endpoints.of(bmc, ""), "not a certificate", false)),
          Kind.TLS);
    }
  }

  @Test
  void plainHttpWorksWhenTheAddressAsksForIt() throws Exception {
    try (var plain = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).plainHttp(true).start()) {
      var https = Endpoints.of(plain, "");
      var endpoint = new BmcEndpoint(URI.create("redfish+http://127.0.0.1:"
          + plain.httpUri().getPort()), https.username(), https.password(), null, false, 3, true, https.timeout());
      try (var client = RedfishClient.create(endpoint)) {
        assertThat(client.power()).isEqualTo(PowerStatus.On);
      }
    }
  }
}
