package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.AgentRegistry;
import dev.anvil.protocol.bus.LiveAgent;
import static dev.anvil.apiserver.hub.Agents.TOKEN;
import static dev.anvil.apiserver.hub.Agents.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.testing.RedisProcess;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Heartbeat;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authentication, Hello/Welcome, session takeover across replicas and the registry, on real Redis and gRPC. */
class AgentHubSessionIT {

  private static RedisProcess redis;
  private static EmbeddedKubeApi kube;
  private static KubernetesClient kubernetes;
  private RedisClient client;
  private StatefulRedisConnection<String, String> strings;
  private final HubProperties properties = HubProperties.defaults()
      .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(100)).withCommandBlock(Duration.ofMillis(200));

  @BeforeAll
  static void startPeers() {
    redis = RedisProcess.start();
    kube = EmbeddedKubeApi.start();
    kubernetes = kube.newClient();
  }

  @AfterAll
  static void stopPeers() {
    kubernetes.close();
    kube.close();
    redis.close();
  }

  @BeforeEach
  void connect() {
    client = RedisClients.client(redis);
    strings = client.connect();
    strings.sync().flushall();
  }

  @AfterEach
  void disconnect() {
    strings.close();
    client.shutdown();
  }

  @Test
  void missingOrWrongTokenIsRefusedUnauthenticatedWithoutAnyMessage() throws Exception {
    try (var hub = new HubServer(properties, client, kubernetes, HubServer.tokens(TOKEN))) {
      for (var token : new String[] {null, "not-the-token"}) {
        var inbox = new Inbox<HubMessage>();
        hub.connect(token, inbox).onNext(hello("agent-1", 0));

        var error = inbox.awaitEnd();

        assertThat(error).isInstanceOf(StatusRuntimeException.class);
        var status = ((StatusRuntimeException) error).getStatus();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("agent token").doesNotContain(TOKEN).doesNotContain("not-the-token");
        assertThat(inbox.isEmpty()).isTrue();
      }
      assertThat(strings.sync().keys("*")).isEmpty();
    }
  }

  @Test
  void tokensComeFromTheWatchedSecretAndRotateWithoutRestart() throws Exception {
    var secrets = kubernetes.secrets().inNamespace("anvil");
    secrets.resource(new SecretBuilder().withNewMetadata().withName("anvil-agent-bootstrap").endMetadata()
        .withStringData(Map.of("token", "old-token")).build()).create();
    var tokens = new BootstrapTokens();
    var secretRef = new HubProperties.BootstrapSecret("anvil-agent-bootstrap", "anvil", "token");
    try (var watch = new BootstrapTokenWatch(kubernetes, secretRef, tokens);
        var hub = new HubServer(properties, client, kubernetes, tokens)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> tokens.accepts("old-token"));

      secrets.withName("anvil-agent-bootstrap").edit(s -> new SecretBuilder(s).withData(null)
          .withStringData(Map.of("token", "new-token", "token-next", "next-token")).build());

      await().atMost(Duration.ofSeconds(10)).until(() -> tokens.accepts("next-token"));
      assertThat(tokens.accepts("old-token")).isFalse();
      assertThat(welcomed(hub, "next-token", "agent-rotated").getProtocolVersion())
          .isEqualTo(AgentProtocol.PROTOCOL_VERSION);
    }
  }

  @Test
  void helloIsWelcomedAndRegisteredAndACleanEndLeavesTheLiveIndex() throws Exception {
    try (var hub = new HubServer(properties, client, kubernetes, HubServer.tokens(TOKEN))) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(hello("agent-1", 0));

      var welcome = inbox.next().getWelcome();

      assertThat(welcome.getSessionId()).isNotEmpty();
      assertThat(welcome.getLastStoredReportSeq()).isZero();
      assertThat(welcome.getHeartbeatInterval().getNanos()).isEqualTo(400_000_000);
      var registry = new AgentRegistry(strings, Clock.systemUTC());
      var live = registry.live(Duration.ofSeconds(5));
      assertThat(live).singleElement().satisfies(agent -> {
        assertThat(agent.agentId()).isEqualTo("agent-1");
        assertThat(agent.labels()).containsEntry("anvil.dev/datacenter", "dc-a");
        assertThat(agent.session()).isEqualTo(welcome.getSessionId());
        assertThat(agent.features()).contains("run-attempt");
      });
      assertThat(strings.sync().pttl(BusKeys.agent("agent-1"))).isBetween(1L, 1200L);

      toHub.onCompleted();

      assertThat(inbox.awaitEnd()).isNull();
      await().atMost(Duration.ofSeconds(5)).until(() -> strings.sync().zcard(BusKeys.AGENTS) == 0);
      assertThat(strings.sync().exists(BusKeys.session("agent-1"))).isZero();
    }
  }

  @Test
  void heartbeatsKeepTheRegistryEntryAliveAndItExpiresWhenTheyStop() throws Exception {
    try (var hub = new HubServer(properties, client, kubernetes, HubServer.tokens(TOKEN))) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(hello("agent-hb", 0));
      inbox.next();
      var registry = new AgentRegistry(strings, Clock.systemUTC());

      // three TTLs' worth of heartbeats: the entry must outlive its 1.2 s TTL
      var until = System.nanoTime() + Duration.ofMillis(3600).toNanos();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        toHub.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setCpuLoad(0.5)
            .setMemoryUsedBytes(1 << 20).addRunningAttemptIds(Agents.ATTEMPT)).build());
        assertThat(registry.live(Duration.ofSeconds(1))).extracting(LiveAgent::agentId).containsExactly("agent-hb");
        return System.nanoTime() > until;
      });
      assertThat(registry.live(Duration.ofSeconds(1)).get(0).fields()).containsEntry("cpu", "0.5")
          .containsEntry("running", "[\"" + Agents.ATTEMPT + "\"]");

      // the connection drops without a clean end: the entry expires on its own
      toHub.onError(new RuntimeException("cable cut"));

      await().atMost(Duration.ofSeconds(5)).until(() -> strings.sync().exists(BusKeys.agent("agent-hb")) == 0);
      assertThat(registry.live(Duration.ofMinutes(1))).isEmpty();
    }
  }

  @Test
  void aHeartbeatWritesTheWholeEntryBackAndEndsAStreamThatNoLongerHoldsTheAgent() throws Exception {
    try (var hub = new HubServer(properties, client, kubernetes, HubServer.tokens(TOKEN))) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(hello("agent-hb", 0));
      inbox.next();
      var registry = new AgentRegistry(strings, Clock.systemUTC());

      // the entry expired while the central Redis was away: the next heartbeat must bring all of it back
      strings.sync().del(BusKeys.agent("agent-hb"));
      strings.sync().zrem(BusKeys.AGENTS, "agent-hb");
      toHub.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setCpuLoad(0.25)).build());
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.live(Duration.ofSeconds(1)))
          .singleElement().satisfies(agent -> {
            assertThat(agent.labels()).containsEntry("anvil.dev/datacenter", "dc-a");
            assertThat(agent.features()).contains("run-attempt");
            assertThat(agent.fields()).containsEntry("cpu", "0.25").containsKey("capacity");
          }));
      assertThat(strings.sync().pttl(BusKeys.agent("agent-hb"))).isBetween(1L, 1200L);

      // the session key is gone (Redis lost its data): the stream ends, so the agent says Hello again
      strings.sync().flushall();
      toHub.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
      assertThat(((StatusRuntimeException) inbox.awaitEnd()).getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
      assertThat(strings.sync().exists(BusKeys.agent("agent-hb"))).as("no half entry written").isZero();
    }
  }

  @Test
  void aNewerStreamOnAnotherReplicaAbortsTheOlderOne() throws Exception {
    try (var hubA = new HubServer(properties.withReplicaId("a"), client, kubernetes, HubServer.tokens(TOKEN));
        var hubB = new HubServer(properties.withReplicaId("b"), client, kubernetes, HubServer.tokens(TOKEN))) {
      var older = new Inbox<HubMessage>();
      hubA.connect(TOKEN, older).onNext(hello("agent-1", 0));
      older.next();

      var newer = new Inbox<HubMessage>();
      hubB.connect(TOKEN, newer).onNext(hello("agent-1", 0));
      newer.next();

      var error = older.awaitEnd();
      assertThat(((StatusRuntimeException) error).getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
      assertThat(newer.ended()).isFalse();
      assertThat(strings.sync().get(BusKeys.session("agent-1"))).endsWith(" b");
      await().atMost(Duration.ofSeconds(5)).until(() -> hubA.hub().connectedAgents() == 0);
    }
  }

  @Test
  void aNewerStreamOnTheSameReplicaAbortsTheOlderAtOnce() throws Exception {
    try (var hub = new HubServer(properties, client, kubernetes, HubServer.tokens(TOKEN))) {
      var older = new Inbox<HubMessage>();
      hub.connect(TOKEN, older).onNext(hello("agent-1", 0));
      older.next();
      var newer = new Inbox<HubMessage>();
      hub.connect(TOKEN, newer).onNext(hello("agent-1", 0));
      newer.next();

      assertThat(((StatusRuntimeException) older.awaitEnd()).getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
      assertThat(hub.hub().connectedAgents()).isEqualTo(1);
    }
  }

  @Test
  void aStreamThatDoesNotStartWithASupportedHelloIsRefused() throws Exception {
    try (var hub = new HubServer(properties, client, kubernetes, HubServer.tokens(TOKEN))) {
      var notHello = new Inbox<HubMessage>();
      hub.connect(TOKEN, notHello).onNext(Agents.logs(1, 1, 1));
      assertThat(((StatusRuntimeException) notHello.awaitEnd()).getStatus().getCode())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);

      var future = new Inbox<HubMessage>();
      var v2 = hello("agent-1", 0).toBuilder();
      v2.getHelloBuilder().setProtocolVersion(2);
      hub.connect(TOKEN, future).onNext(v2.build());
      var status = ((StatusRuntimeException) future.awaitEnd()).getStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription()).contains("serves 1");
      assertThat(notHello.isEmpty()).isTrue();
      assertThat(future.isEmpty()).isTrue();
    }
  }

  private static dev.anvil.protocol.agent.v1.Welcome welcomed(HubServer hub, String token, String agentId)
      throws Exception {
    var inbox = new Inbox<HubMessage>();
    hub.connect(token, inbox).onNext(hello(agentId, 0));
    return inbox.next().getWelcome();
  }
}
