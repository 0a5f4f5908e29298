package dev.anvil.sim.redfish;

import static dev.anvil.sim.redfish.SimulatorHttp.basic;
import static dev.anvil.sim.redfish.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedfishSimulatorIT {

  private static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";

  private RedfishSimulator bmc;
  private SimulatorHttp http;
  private String basicAuth;

  @BeforeEach
  void start() {
    bmc = RedfishSimulator.start(Mockup.PUBLIC_RACKMOUNT1);
    http = new SimulatorHttp(bmc.httpsUri(), bmc.caPem());
    basicAuth = basic(bmc.username(), bmc.password());
  }

  @AfterEach
  void stop() {
    bmc.close();
  }

  private String login() throws Exception {
    var response = http.send("POST", "/redfish/v1/SessionService/Sessions",
        "{\"UserName\":\"" + bmc.username() + "\",\"Password\":\"" + bmc.password() + "\"}");
    assertThat(response.statusCode()).isEqualTo(201);
    return response.headers().firstValue("X-Auth-Token").orElseThrow();
  }

  @Test
  void theServiceRootIsOpenAndEverythingElseNeedsCredentials() throws Exception {
    var root = http.get("/redfish/v1/");
    var system = http.get(SYSTEM);
    var wrong = http.get(SYSTEM, "Authorization", basic(bmc.username(), "wrong"));

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(json(root).path("Systems").path("@odata.id").asText()).isEqualTo("/redfish/v1/Systems");
    assertThat(system.statusCode()).isEqualTo(401);
    assertThat(json(system).at("/error/@Message.ExtendedInfo/0/MessageId").asText()).endsWith("NoValidSession");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(http.get(SYSTEM, "Authorization", basicAuth).statusCode()).isEqualTo(200);
    assertThat(http.get("/redfish/v1/$metadata").headers().firstValue("Content-Type")).hasValue("application/xml");
  }

  @Test
  void aSessionLogsInServesRequestsAndLogsOut() throws Exception {
    var login = http.send("POST", "/redfish/v1/SessionService/Sessions",
        "{\"UserName\":\"" + bmc.username() + "\",\"Password\":\"" + bmc.password() + "\"}");
    var token = login.headers().firstValue("X-Auth-Token").orElseThrow();
    var location = login.headers().firstValue("Location").orElseThrow();

    assertThat(login.statusCode()).isEqualTo(201);
    assertThat(login.body()).doesNotContain(token);
    assertThat(http.get(SYSTEM, "X-Auth-Token", token).statusCode()).isEqualTo(200);
    assertThat(json(http.get("/redfish/v1/SessionService/Sessions", "X-Auth-Token", token)).path("Members")).hasSize(1);
    assertThat(bmc.loginCount()).isEqualTo(1);

    assertThat(http.send("DELETE", location, "", "X-Auth-Token", token).statusCode()).isEqualTo(204);
    assertThat(http.get(SYSTEM, "X-Auth-Token", token).statusCode()).isEqualTo(401);
    assertThat(bmc.liveSessionCount()).isZero();
  }

  @Test
  void aWrongPasswordGetsNoSession() throws Exception {
    var response = http.send("POST", "/redfish/v1/SessionService/Sessions",
        "{\"UserName\":\"" + bmc.username() + "\",\"Password\":\"wrong\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("X-Auth-Token")).isEmpty();
    assertThat(bmc.loginCount()).isZero();
  }

  @Test
  void sessionsExpireWhenIdleOrWhenTheTestEndsThem() throws Exception {
    var token = login();
    bmc.invalidateSessions();
    assertThat(http.get(SYSTEM, "X-Auth-Token", token).statusCode()).isEqualTo(401);

    bmc.sessionTimeout(Duration.ofSeconds(1));
    var second = login();
    assertThat(http.get(SYSTEM, "X-Auth-Token", second).statusCode()).isEqualTo(200);
    // each poll uses the session, so polls must be further apart than the idle timeout
    await().pollDelay(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(http.get(SYSTEM, "X-Auth-Token", second).statusCode()).isEqualTo(401));
  }

  @Test
  void resetChangesThePowerStateAndRefusesUnadvertisedValues() throws Exception {
    var reset = SYSTEM + "/Actions/ComputerSystem.Reset";
    var off = http.send("POST", reset, "{\"ResetType\":\"ForceOff\"}", "Authorization", basicAuth);
    var cycle = http.send("POST", reset, "{\"ResetType\":\"PowerCycle\"}", "Authorization", basicAuth);
    var malformed = http.send("POST", reset, "{\"ResetType\":", "Authorization", basicAuth);

    assertThat(off.statusCode()).isEqualTo(204);
    assertThat(bmc.powerState(SYSTEM)).isEqualTo("Off");
    assertThat(json(http.get(SYSTEM, "Authorization", basicAuth)).path("PowerState").asText()).isEqualTo("Off");
    assertThat(cycle.statusCode()).isEqualTo(400);
    assertThat(json(cycle).at("/error/@Message.ExtendedInfo/0/MessageId").asText())
        .endsWith("ActionParameterValueNotInList");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(json(malformed).at("/error/code").asText()).endsWith("MalformedJSON");
    assertThat(bmc.acceptedChanges()).as("only the accepted reset is listed")
        .containsExactly(new AcceptedChange("POST", reset, "{\"ResetType\":\"ForceOff\"}"));
  }

  @Test
  void patchHonoursIfMatchAndValidatesTheBootOverride() throws Exception {
    var etag = http.get(SYSTEM, "Authorization", basicAuth).headers().firstValue("ETag").orElseThrow();
    var body = "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\",\"BootSourceOverrideEnabled\":\"Once\"}}";

    var ok = http.send("PATCH", SYSTEM, body, "Authorization", basicAuth, "If-Match", etag);
    var stale = http.send("PATCH", SYSTEM, body, "Authorization", basicAuth, "If-Match", etag);
    var fresh = ok.headers().firstValue("ETag").orElseThrow();
    bmc.changeBeforeNextPatch();
    var raced = http.send("PATCH", SYSTEM, body, "Authorization", basicAuth, "If-Match", "W/" + fresh);
    var invalid = http.send("PATCH", SYSTEM, "{\"Boot\":{\"BootSourceOverrideTarget\":\"UefiHttp\"}}",
        "Authorization", basicAuth);

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).at("/Boot/BootSourceOverrideTarget").asText()).isEqualTo("Cd");
    assertThat(fresh).isNotEqualTo(etag);
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(json(stale).at("/error/@Message.ExtendedInfo/0/MessageId").asText()).endsWith("PreconditionFailed");
    assertThat(raced.statusCode()).isEqualTo(412);
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(bmc.resource(SYSTEM).at("/Boot/BootSourceOverrideTarget").asText()).isEqualTo("Cd");
    assertThat(bmc.acceptedChanges()).as("refused PATCHes are not listed")
        .containsExactly(new AcceptedChange("PATCH", SYSTEM, body));
  }

  @Test
  void failuresDelaysAndCountsAreUnderTheTestsControl() throws Exception {
    bmc.failNext(2, 503);
    assertThat(http.get("/redfish/v1/").statusCode()).isEqualTo(503);
    assertThat(http.get("/redfish/v1/").headers().firstValue("Retry-After")).hasValue("1");
    assertThat(http.get("/redfish/v1/").statusCode()).isEqualTo(200);

    bmc.delay(Duration.ofMillis(400));
    var started = System.nanoTime();
    http.get("/redfish/v1/");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    bmc.delay(Duration.ZERO);

    assertThat(bmc.requestCount()).isEqualTo(4);
    assertThat(bmc.requestCount("GET", "/redfish/v1")).isEqualTo(4);
  }

  @Test
  void requestTargetsKeepTheirQueryAndAReusedConnectionIsOneHandshake() throws Exception {
    http.get("/redfish/v1/");
    http.get("/redfish/v1/Chassis?$top=1", "Authorization", basicAuth);
    http.get("/redfish/v1/Chassis/", "Authorization", basicAuth);

    assertThat(bmc.requestTargets()).containsOnly(entry("GET /redfish/v1", 1), entry("GET /redfish/v1/Chassis", 1),
        entry("GET /redfish/v1/Chassis?$top=1", 1));
    assertThat(bmc.requestCount("GET", "/redfish/v1/Chassis")).isEqualTo(2);
    assertThat(bmc.tlsHandshakes()).isEqualTo(1);
    new SimulatorHttp(bmc.httpsUri(), bmc.caPem()).get("/redfish/v1/");
    assertThat(bmc.tlsHandshakes()).isEqualTo(2);
  }

  @Test
  void faultsCanAimAtOneMethodOrGarbleTheAnswer() throws Exception {
    var reset = SYSTEM + "/Actions/ComputerSystem.Reset";
    bmc.failNext("POST", 1, 400);
    bmc.delayNext("PATCH", 1, Duration.ofMillis(300));

    assertThat(http.get(SYSTEM, "Authorization", basicAuth).statusCode()).isEqualTo(200);
    var refused = http.send("POST", reset, "{\"ResetType\":\"ForceOff\"}", "Authorization", basicAuth);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).at("/error/@Message.ExtendedInfo/0/MessageId").asText()).endsWith("GeneralError");
    assertThat(bmc.powerState(SYSTEM)).isEqualTo("On");
    var started = System.nanoTime();
    http.send("PATCH", SYSTEM, "{}", "Authorization", basicAuth);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

    bmc.garbleNext(1);
    var garbled = http.get(SYSTEM, "Authorization", basicAuth);
    assertThat(garbled.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> json(garbled)).isInstanceOf(IOException.class);
    assertThat(json(http.get(SYSTEM, "Authorization", basicAuth)).path("Id").asText()).isEqualTo("437XR1138R2");
  }

  @Test
  void aKeepAliveClientIsNeverLeftWaiting() throws Exception {
    // the JDK's HttpsServer left about one request in 25 of this sequence undispatched on a reused connection
    var reset = SYSTEM + "/Actions/ComputerSystem.Reset";
    for (var round = 0; round < 100; round++) {
      assertThat(http.get(SYSTEM, "Authorization", basicAuth).statusCode()).isEqualTo(200);
      bmc.failNext("POST", 1, 400);
      assertThat(http.send("POST", reset, "{\"ResetType\":\"On\"}", "Authorization", basicAuth).statusCode())
          .isEqualTo(400);
      assertThat(http.send("PATCH", SYSTEM, "{}", "Authorization", basicAuth).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnreachableBmcRefusesConnectionsUntilItIsBack() throws Exception {
    bmc.unreachable();
    assertThatThrownBy(() -> http.get("/redfish/v1/")).isInstanceOf(ConnectException.class);

    bmc.reachable();
    assertThat(http.get("/redfish/v1/").statusCode()).isEqualTo(200);
  }

  @Test
  void severalBmcsRunSideBySideEachWithItsOwnCa() throws Exception {
    try (var blades = RedfishSimulator.builder(Mockup.PUBLIC_BLADED).plainHttp(true).start()) {
      var bladesHttp = new SimulatorHttp(blades.httpsUri(), blades.caPem());
      var plain = new SimulatorHttp(blades.httpUri(), blades.caPem());
      var mistrusting = new SimulatorHttp(blades.httpsUri(), bmc.caPem());

      assertThat(blades.httpsUri().getPort()).isNotEqualTo(bmc.httpsUri().getPort());
      assertThat(blades.systems()).hasSize(4);
      assertThat(json(bladesHttp.get("/redfish/v1/")).path("UUID").asText())
          .isNotEqualTo(json(http.get("/redfish/v1/")).path("UUID").asText());
      assertThat(plain.get("/redfish/v1/Systems", "Authorization", basic(blades.username(), blades.password()))
          .statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> mistrusting.get("/redfish/v1/")).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void theCertificateNamesOnlyWhatTheBuilderSaid() throws Exception {
    try (var named = RedfishSimulator.builder(Mockup.PUBLIC_BLADED).certificateNames("bmc.example").start()) {
      var client = HttpClient.newBuilder().sslContext(SimulatorHttp.trusting(named.caPem())).build();
      var request = HttpRequest.newBuilder(named.httpsUri().resolve("/redfish/v1/")).build();

      assertThatThrownBy(() -> client.send(request, BodyHandlers.ofString())).isInstanceOf(IOException.class)
          .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
    }
  }

  @Test
  void aBmcWithoutSessionsStillTakesBasic() throws Exception {
    try (var refusing = RedfishSimulator.builder(Mockup.PUBLIC_BLADED).sessions(SessionSupport.REFUSED).start();
        var absent = RedfishSimulator.builder(Mockup.PUBLIC_BLADED).sessions(SessionSupport.ABSENT).start()) {
      var refusingHttp = new SimulatorHttp(refusing.httpsUri(), refusing.caPem());
      var absentHttp = new SimulatorHttp(absent.httpsUri(), absent.caPem());
      var credentials = "{\"UserName\":\"admin\",\"Password\":\"anvil-simulated-bmc\"}";

      assertThat(refusingHttp.send("POST", "/redfish/v1/SessionService/Sessions", credentials).statusCode())
          .isEqualTo(405);
      assertThat(json(absentHttp.get("/redfish/v1/")).has("SessionService")).isFalse();
      assertThat(absentHttp.send("POST", "/redfish/v1/SessionService/Sessions", credentials).statusCode())
          .isEqualTo(404);
      assertThat(absentHttp.get(SYSTEM.replace("437XR1138R2", "529QB9450R6"), "Authorization",
          basic("admin", "anvil-simulated-bmc")).statusCode()).isEqualTo(200);
    }
  }
}
