package dev.anvil.apiserver.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.kube.ApiServerWithEmbeddedKube;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console WebSocket of the booted apiserver, relayed through its hub and Redis to an agent stand-in on the real
 * gRPC stream: who may open it, what a viewer sees, and how either side ending it ends it for the other.
 */
class ConsoleSocketIT {

  private static final String AGENT_TOKEN = "bootstrap-console-it";
  private static ApiServerWithEmbeddedKube server;
  private static ConsoleAgentStandIn agent;

  @BeforeAll
  static void start() throws Exception {
    server = ApiServerWithEmbeddedKube.start("--anvil.auth.delegated.ttl=2s");
    server.backing().secrets().inNamespace("anvil").resource(new SecretBuilder().withNewMetadata()
        .withName("anvil-agent-bootstrap").endMetadata().withStringData(Map.of("token", AGENT_TOKEN)).build())
        .create();
    host("node07", "agent-lab-1", null);
    host("node08", "", null);
    host("node09", "agent-gone", null);
    agent = standIn("agent-lab-1");
  }

  @AfterAll
  static void stop() {
    agent.close();
    server.close();
  }

  private static ConsoleAgentStandIn standIn(String id) {
    // the hub learns the bootstrap token from its Secret watch; until then the stand-in is refused and retried
    var standIn = new ConsoleAgentStandIn[1];
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      if (standIn[0] != null) {
        standIn[0].close();
      }
      standIn[0] = new ConsoleAgentStandIn(server.grpcPort(), AGENT_TOKEN, id);
      return server.bean(ViewerChannels.class).agentConnected(id).get(5, TimeUnit.SECONDS);
    });
    return standIn[0];
  }

  private static void host(String name, String agentId, String vnc) {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("lab").build());
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://10.0.7.7");
    spec.setDatacenter("lab");
    var secret = new SecretRef();
    secret.setName("bmc");
    spec.setCredentialsSecretRef(secret);
    host.setSpec(spec);
    var created = server.backing().resource(host).create();
    var status = new BmcHostStatus();
    status.setAgent(agentId);
    created.setStatus(status);
    server.backing().resource(created).updateStatus();
  }

  private static String url(String host, String query) {
    return server.url() + "/apis/anvil.dev/v1alpha1/namespaces/lab/bmchosts/" + host + "/console" + query;
  }

  private static String delegatedToken(String host) throws Exception {
    var response = ApiServerWithEmbeddedKube.http().send(ApiServerWithEmbeddedKube.request(server.url()
            + "/apis/anvil.dev/v1alpha1/namespaces/lab/bmchosts/" + host + "/consoletoken?action=console")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
    return (String) Serialization.unmarshal(response.body(), Map.class).get("token");
  }

  private static String bearerProtocol(String token) {
    return "base64url.bearer.authorization.k8s.io."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  /** The handshake's HTTP status and body when it is refused. */
  private static String refusal(String url, String authorization, String... protocols) {
    var thrown = catchHandshake(() -> ViewerSocket.open(ApiServerWithEmbeddedKube.http(), url, authorization,
        protocols));
    var response = thrown.getResponse();
    return response.statusCode() + " " + response.body();
  }

  private static WebSocketHandshakeException catchHandshake(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    var error = org.assertj.core.api.Assertions.catchThrowable(call);
    var cause = error instanceof ExecutionException ? error.getCause() : error;
    assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
    return (WebSocketHandshakeException) cause;
  }

  @Test
  void withoutATokenTheHandshakeIsRefused401() {
    assertThat(refusal(url("node07", ""), null)).startsWith("401 ").contains("bearer token is required");
  }

  @Test
  void aCallerOfAnotherNamespaceIsRefused403() {
    assertThat(refusal(url("node07", ""), "Bearer " + ApiServerWithEmbeddedKube.TEAM_A_TOKEN))
        .startsWith("403 ").contains("cannot create resource \\\"bmchosts/console\\\"");
  }

  @Test
  void hostsThatCannotBeOpenedAreRefusedWithTheReason() {
    var admin = "Bearer " + ApiServerWithEmbeddedKube.TOKEN;
    assertThat(refusal(url("nope", ""), admin)).startsWith("404 ").contains("not found");
    assertThat(refusal(url("node08", ""), admin)).startsWith("409 ").contains("not served by an agent yet");
    assertThat(refusal(url("node09", ""), admin)).startsWith("503 ").contains("agent-gone")
        .contains("not connected");
    assertThat(refusal(url("node07", "?mode=shout"), admin)).startsWith("400 ").contains("mode must be read or write");
    assertThat(refusal(server.url() + "/apis/anvil.dev/v1alpha1/namespaces/lab/bmchosts/node07/vnc", admin))
        .startsWith("400 ").contains("spec.console.vnc");
  }

  @Test
  void anExpiredDelegatedTokenIsRefused() throws Exception {
    var token = delegatedToken("node07");
    // the token lives 2 s here: its time has to pass (a handshake before would open the console)
    await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(refusal(url("node07", ""), null, "binary", bearerProtocol(token)))
            .startsWith("401 ").contains("the token has expired"));
  }

  @Test
  void aDelegatedTokenForAnotherHostIsRefused() throws Exception {
    var token = delegatedToken("node08");
    assertThat(refusal(url("node07", ""), null, "binary", bearerProtocol(token)))
        .startsWith("401 ").contains("another host");
  }

  @Test
  void theWriterTypesEveryViewerSeesTheEchoAndAReaderCannotType() throws Exception {
    var writer = ViewerSocket.open(ApiServerWithEmbeddedKube.http(), url("node07", ""),
        "Bearer " + ApiServerWithEmbeddedKube.TOKEN);
    writer.awaitNotice("\"writer\":true");
    var reader = ViewerSocket.open(ApiServerWithEmbeddedKube.http(), url("node07", ""), null, "binary",
        bearerProtocol(delegatedToken("node07")));
    assertThat(reader.socket().getSubprotocol()).isEqualTo("binary");
    reader.awaitNotice("read-only");
    var metrics = ApiServerWithEmbeddedKube.http().send(ApiServerWithEmbeddedKube.request(server.url() + "/metrics")
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("anvil_console_streams 2.0");

    writer.type("hello ");
    reader.type("ignored ");
    writer.type("world");

    writer.awaitOutput("HELLO WORLD");
    reader.awaitOutput("HELLO WORLD");
    assertThat(writer.output.toString()).isEqualTo("HELLO WORLD");
    writer.socket().sendClose(1000, "bye").join();
    reader.socket().sendClose(1000, "bye").join();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.openStreams().isEmpty());
    assertThat(agent.received).filteredOn(ConsoleRequest::hasClose).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void lostOutputEndsTheStreamInsteadOfShowingAHole() throws Exception {
    var viewer = ViewerSocket.open(ApiServerWithEmbeddedKube.http(), url("node07", "?mode=read"),
        "Bearer " + ApiServerWithEmbeddedKube.TOKEN);
    viewer.awaitNotice("opened");
    var stream = agent.openStreams().get(0);
    agent.output(stream, 1, "one ");
    agent.output(stream, 3, "three");

    assertThat(viewer.closed.get(10, TimeUnit.SECONDS)).startsWith("1011 GAP");
    viewer.awaitNotice("\"reason\":\"GAP\"");
    assertThat(viewer.output.toString()).isEqualTo("one ");
  }

  @Test
  void anAgentThatCannotOpenTheConsoleSaysWhyAndTheSocketCloses() throws Exception {
    agent.closeAnswer = "REJECTED";
    try {
      var viewer = ViewerSocket.open(ApiServerWithEmbeddedKube.http(), url("node07", ""),
          "Bearer " + ApiServerWithEmbeddedKube.TOKEN);
      assertThat(viewer.closed.get(10, TimeUnit.SECONDS)).startsWith("1011 REJECTED");
      viewer.awaitNotice("the stand-in was told to refuse");
    } finally {
      agent.closeAnswer = null;
    }
  }

  @Test
  void anAgentThatDisconnectsEndsItsViewersStreams() throws Exception {
    host("node10", "agent-lab-2", null);
    try (var second = standIn("agent-lab-2")) {
      var viewer = ViewerSocket.open(ApiServerWithEmbeddedKube.http(), url("node10", ""),
          "Bearer " + ApiServerWithEmbeddedKube.TOKEN);
      viewer.awaitNotice("opened");
      second.close();
      assertThat(viewer.closed.get(15, TimeUnit.SECONDS)).startsWith("1011 AGENT_DISCONNECTED");
    }
  }
}
