package dev.anvil.e2e.platform;

import dev.anvil.agent.Agent;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.apiserver.hub.AgentHub;
import dev.anvil.apiserver.hub.BootstrapTokenWatch;
import dev.anvil.apiserver.hub.BootstrapTokens;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The agent side of the embedded platform: a central Redis (the operator's bus), the agent hub on a free loopback
 * port with its bootstrap-token Secret in the embedded API, and one in-process agent in datacenter {@code local}.
 */
final class AgentStack implements AutoCloseable {

  static final String DATACENTER = "local";
  static final String AGENT_ID = "local-agent";
  private static final String SECRET_NAMESPACE = "anvil-system";
  private static final String SECRET_NAME = "anvil-agent-bootstrap";

  private final List<AutoCloseable> parts = new ArrayList<>();
  private RedisProcess central;
  private Server hubServer;
  private Agent agent;
  private Path workDir;

  private AgentStack() {
  }

  /** Starts Redis, the hub and the agent; a failure closes what started and throws {@link IllegalStateException}. */
  static AgentStack start(KubernetesClient kubernetes, PrintStream out) {
    var stack = new AgentStack();
    try {
      stack.startAll(kubernetes);
    } catch (RuntimeException | IOException e) {
      stack.close();
      throw new IllegalStateException("could not start the agent hub and agent: " + e.getMessage(), e);
    }
    out.println("Central Redis (agent bus): " + stack.central.uri() + "; agent hub (gRPC, plaintext): 127.0.0.1:"
        + stack.hubServer.getPort());
    out.println("Agent '" + AGENT_ID + "' connected (datacenter " + DATACENTER + ", selector anvil.dev/datacenter="
        + DATACENTER + "): runs Agent Jobs as local processes under " + stack.workDir
        + "; report spool in memory (unsent reports are lost on restart)");
    return stack;
  }

  private void startAll(KubernetesClient kubernetes) throws IOException {
    central = RedisProcess.start();
    parts.add(central);
    var token = "local-" + HexFormat.of().formatHex(SecureRandom.getSeed(8));
    // the hub learns the agent token from the Secret, as in a cluster
    kubernetes.secrets().inNamespace(SECRET_NAMESPACE).resource(new SecretBuilder()
        .withNewMetadata().withName(SECRET_NAME).withNamespace(SECRET_NAMESPACE).endMetadata()
        .withStringData(Map.of("token", token)).build()).createOrReplace();
    var tokens = new BootstrapTokens();
    var tokenWatch = new BootstrapTokenWatch(kubernetes,
        new HubProperties.BootstrapSecret(SECRET_NAME, SECRET_NAMESPACE, "token"), tokens);
    parts.add(tokenWatch::close);
    awaitTrue(() -> tokens.accepts(token), Duration.ofSeconds(10), "the hub did not learn the bootstrap token");
    var redisClient = RedisClient.create(central.uri());
    parts.add(redisClient::shutdown);
    var hub = new AgentHub(HubProperties.defaults().withReplicaId("hub-local"), redisClient, kubernetes, tokens);
    parts.add(hub::close);
    hubServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES).addService(hub).build().start();
    parts.add(() -> {
      hubServer.shutdownNow();
      hubServer.awaitTermination(5, TimeUnit.SECONDS);
    });
    workDir = Files.createTempDirectory("anvil-agent-");
    parts.add(() -> deleteTree(workDir));
    agent = Agent.start(AgentConfig.fromEnv(Map.of(
        "ANVIL_AGENT_ID", AGENT_ID,
        "ANVIL_NODE_NAME", "localhost",
        "ANVIL_DATACENTER", DATACENTER,
        "ANVIL_HUB_ADDRESS", "127.0.0.1:" + hubServer.getPort(),
        "ANVIL_HUB_PLAINTEXT", "true",
        "ANVIL_AGENT_TOKEN", token,
        // no local Redis: the spool is in memory (the agent says so once)
        "ANVIL_LOCAL_REDIS", "redis://127.0.0.1:" + closedPort(),
        "ANVIL_WORK_DIR", workDir.toString())), ReconnectPolicy.defaults());
    parts.add(agent);
    awaitTrue(() -> agent.hub().isConnected(), Duration.ofSeconds(20), "the agent did not connect to the hub");
  }

  /** The central Redis the operator's agent bus uses. */
  String busUri() {
    return central.uri();
  }

  private static int closedPort() throws IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String failure) {
    var deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure + " within " + timeout.toSeconds() + "s");
      }
      // start-up of in-process parts with no event to wait on
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Stops the parts in the reverse order they started. */
  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // best effort on the way out
      }
    }
    parts.clear();
  }
}
