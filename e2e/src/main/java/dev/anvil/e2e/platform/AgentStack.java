package dev.anvil.e2e.platform;

import dev.anvil.agent.Agent;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.apiserver.hub.LoopbackHub;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The agent side of the embedded platform: a central Redis (the operator's bus), the agent hub on a free loopback
 * port with its bootstrap-token Secret in the embedded API, and in-process agents in datacenter {@code local}.
 */
public final class AgentStack implements AutoCloseable {

  public static final String DATACENTER = "local";
  static final String AGENT_ID = "local-agent";

  private final List<AutoCloseable> parts = new ArrayList<>();
  private RedisProcess central;
  private LoopbackHub hub;
  private Path workDir;

  private AgentStack() {
  }

  /** Redis, the hub and the one agent of {@code bin/run}, which runs as many attempts at once as agents do by default. */
  static AgentStack start(KubernetesClient kubernetes, PrintStream out) {
    return start(kubernetes, out, 1, null);
  }

  /**
   * Starts Redis, the hub and {@code agents} agents ({@code local-agent}, {@code local-agent-2}, ...), each running
   * at most {@code maxAttempts} attempts at once (null: the agent's default); a failure closes what started and
   * throws {@link IllegalStateException}.
   */
  public static AgentStack start(KubernetesClient kubernetes, PrintStream out, int agents, Integer maxAttempts) {
    var stack = new AgentStack();
    try {
      stack.startAll(kubernetes, agents, maxAttempts);
    } catch (RuntimeException | IOException e) {
      stack.close();
      throw new IllegalStateException("could not start the agent hub and agent: " + e.getMessage(), e);
    }
    out.println("Central Redis (agent bus): " + stack.central.uri() + "; agent hub (gRPC, plaintext): 127.0.0.1:"
        + stack.hub.port());
    out.println((agents == 1 ? "Agent '" + AGENT_ID + "'" : agents + " agents") + " connected (datacenter "
        + DATACENTER + ", selector anvil.dev/datacenter=" + DATACENTER + "): runs Agent Jobs as local processes under "
        + stack.workDir + "; report spool in memory (unsent reports are lost on restart)");
    return stack;
  }

  private void startAll(KubernetesClient kubernetes, int agents, Integer maxAttempts) throws IOException {
    central = RedisProcess.start();
    parts.add(central);
    var token = "local-" + HexFormat.of().formatHex(SecureRandom.getSeed(8));
    var redisClient = CentralRedisClient.create(central.uri(), CentralRedisClient.DEFAULT_TIMEOUT);
    parts.add(redisClient::shutdown);
    hub = LoopbackHub.start(kubernetes, redisClient, HubProperties.defaults().withReplicaId("hub-local"), token);
    parts.add(hub);
    workDir = Files.createTempDirectory("anvil-agent-");
    parts.add(() -> deleteTree(workDir));
    for (int i = 1; i <= agents; i++) {
      var id = i == 1 ? AGENT_ID : AGENT_ID + "-" + i;
      var env = new HashMap<String, String>();
      env.put("ANVIL_AGENT_ID", id);
      env.put("ANVIL_NODE_NAME", i == 1 ? "localhost" : "localhost-" + i);
      env.put("ANVIL_DATACENTER", DATACENTER);
      env.put("ANVIL_HUB_ADDRESS", "127.0.0.1:" + hub.port());
      env.put("ANVIL_HUB_PLAINTEXT", "true");
      env.put("ANVIL_AGENT_TOKEN", token);
      // no local Redis: the spool is in memory (the agent says so once)
      env.put("ANVIL_LOCAL_REDIS", "redis://127.0.0.1:" + closedPort());
      env.put("ANVIL_WORK_DIR", Files.createDirectories(workDir.resolve(id)).toString());
      if (maxAttempts != null) {
        env.put("ANVIL_MAX_ATTEMPTS", maxAttempts.toString());
      }
      var agent = Agent.start(AgentConfig.fromEnv(env), ReconnectPolicy.defaults());
      parts.add(agent);
      awaitTrue(() -> agent.hub().isConnected(), Duration.ofSeconds(20), "agent " + id + " did not connect to the hub");
    }
  }

  /** The central Redis the operator's agent bus uses. */
  public String busUri() {
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
