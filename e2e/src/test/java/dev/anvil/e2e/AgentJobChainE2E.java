package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.Agent;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.apiserver.hub.LoopbackHub;
import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent Job through every real part on loopback: operator → central Redis → hub (gRPC) → agent process runner
 * with its local Redis spool → hub → central Redis → operator → Job status.
 */
@Timeout(60)
class AgentJobChainE2E {

  private static final String TOKEN = "bootstrap-e2e-7c1d";
  private static final String NAMESPACE = "lab";
  private static final ReconnectPolicy FAST_RECONNECT = new ReconnectPolicy(Duration.ofMillis(100),
      Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10));

  private static RedisProcess central;
  private static RedisProcess local;
  private static EmbeddedKubeApi kube;
  private static KubernetesClient kubernetes;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> strings;
  private static StatefulRedisConnection<String, byte[]> bytes;
  private static LoopbackHub hub;
  private static final List<AutoCloseable> agents = new ArrayList<>();

  @TempDir
  Path temp;

  @BeforeAll
  static void startPlatform() throws IOException {
    // the persistence the central Redis needs to survive a restart with nothing lost (apiserver/README.md)
    central = RedisProcess.builder().fsyncAlways().start();
    local = RedisProcess.start();
    kube = EmbeddedKubeApi.start();
    kubernetes = kube.newClient();
    redisClient = RedisClient.create(central.uri());
    strings = redisClient.connect();
    bytes = redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));

    hub = LoopbackHub.start(kubernetes, redisClient, HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-e2e"), TOKEN);
  }

  @AfterAll
  static void stopPlatform() throws Exception {
    for (var agent : agents) {
      agent.close();
    }
    if (hub != null) {
      hub.close();
    }
    strings.close();
    bytes.close();
    redisClient.shutdown();
    kubernetes.close();
    kube.close();
    local.close();
    central.close();
  }

  @Test
  void anAgentJobRunsOnTheAgentAndItsWholeLogAndResultsReachTheCluster() throws Exception {
    var agent = connectedAgent("agent-e2e-1");
    try (var operator = operator()) {
      var started = System.nanoTime();
      kubernetes.resource(agentJob("two-thousand-lines", agent,
          "for i in $(seq 1 2000); do echo line $i; done; echo pass > \"$ANVIL_RESULTS/verdict\"")).create();

      var done = awaitPhase("two-thousand-lines", JobPhase.Succeeded);
      System.out.printf("agent Job chain: created to Succeeded in %.2f s%n", (System.nanoTime() - started) / 1e9);
      assertThat(done.getStatus().getResults()).containsEntry("verdict", "pass");
      assertThat(done.getStatus().getAttempts()).singleElement().satisfies(a -> {
        assertThat(a.getNumber()).isEqualTo(1);
        assertThat(a.getAgent()).isEqualTo(agent);
        assertThat(a.getExitCode()).isZero();
      });

      var attempt = new AttemptId(done.getMetadata().getUid(), 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> strings.sync().get(BusKeys.logDone(attempt)) != null);
      var lines = strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
          .map(m -> m.getBody().get("text")).toList();
      assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 2000).mapToObj(i -> "line " + i).toList());
    }
  }

  @Test
  void anOperatorReplacedMidAttemptLetsTheJobFinishWithTheProcessRunOnce() throws Exception {
    var agent = connectedAgent("agent-e2e-2");
    var runs = temp.resolve("runs");
    var first = operator();
    try {
      kubernetes.resource(agentJob("outlives-operator", agent,
          "echo run >> '" + runs + "'; echo before; sleep 2; echo after")).create();
      // closed as soon as the command is on the bus: the agent's reports of the attempt meet no operator
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
          .until(() -> strings.sync().get(BusKeys.commandSeq(agent)) != null);
    } finally {
      first.close();
    }
    var uid = get("outlives-operator").getMetadata().getUid();
    assertThat(strings.sync().xrange(BusKeys.log(new AttemptId(uid, 1)), Range.create("-", "+")))
        .as("the process is still in its sleep when the new operator starts")
        .extracting(m -> m.getBody().get("text")).doesNotContain("after");

    var swapped = System.nanoTime();
    try (var second = operator()) {
      var done = awaitPhase("outlives-operator", JobPhase.Succeeded);
      System.out.printf("agent Job chain: new operator to Succeeded in %.2f s%n", (System.nanoTime() - swapped) / 1e9);
      assertThat(done.getStatus().getAttempts()).singleElement()
          .satisfies(a -> assertThat(a.getAgent()).isEqualTo(agent));
      var attempt = new AttemptId(done.getMetadata().getUid(), 1);
      // the hub trims executed commands from the stream, so the counter that numbers them says how many were sent
      assertThat(strings.sync().get(BusKeys.commandSeq(agent))).isEqualTo("1");
      assertThat(bytes.sync().xrange(BusKeys.commands(agent), Range.create("-", "+")))
          .allSatisfy(e -> assertThat(CommandEntry.decode(e.getBody().get(CommandEntry.PAYLOAD)).getRunAttempt()
              .getAttemptId()).isEqualTo(attempt.toString()));
      assertThat(Files.readAllLines(runs)).containsExactly("run");
      await().atMost(Duration.ofSeconds(10)).until(() -> strings.sync().get(BusKeys.logDone(attempt)) != null);
      assertThat(strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")))
          .extracting(m -> m.getBody().get("text")).containsExactly("before", "after");
    }
  }

  @Test
  void theCentralRedisRestartedMidAttemptLosesNothingAndTheJobFinishes() throws Exception {
    var agent = connectedAgent("agent-e2e-3");
    try (var operator = operator()) {
      kubernetes.resource(agentJob("outlives-redis", agent,
          "for i in $(seq 1 1500); do echo line $i; done; sleep 2; for i in $(seq 1501 3000); do echo line $i; done"))
          .create();
      var uid = awaitUid("outlives-redis");
      var attempt = new AttemptId(uid, 1);
      // the first half is stored: the process is in its sleep
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
          .until(() -> strings.sync().xlen(BusKeys.log(attempt)) >= 1500);

      var restarted = System.nanoTime();
      central.kill();
      central.restart();
      assertThat(Files.readString(central.dir().resolve("redis.log"))).as("a new Redis read the append-only file")
          .contains("DB loaded from append only file");
      var kept = strings.sync().xlen(BusKeys.log(attempt));
      System.out.printf("agent Job chain: %d log lines stored when the central Redis was back%n", kept);
      assertThat(kept).as("the append-only file kept every stored line").isGreaterThanOrEqualTo(1500);

      var done = awaitPhase("outlives-redis", JobPhase.Succeeded);
      System.out.printf("agent Job chain: central Redis restart to Succeeded in %.2f s%n",
          (System.nanoTime() - restarted) / 1e9);
      assertThat(done.getStatus().getAttempts()).singleElement().satisfies(a -> {
        assertThat(a.getNumber()).isEqualTo(1);
        assertThat(a.getAgent()).isEqualTo(agent);
        assertThat(a.getExitCode()).isZero();
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> strings.sync().get(BusKeys.logDone(attempt)) != null);
      var lines = strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
          .map(m -> m.getBody().get("text")).toList();
      assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).mapToObj(i -> "line " + i).toList());
    }
  }

  private static String awaitUid(String name) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> get(name) != null);
    return get(name).getMetadata().getUid();
  }

  private AnvilOperator operator() {
    return AnvilOperator.start(kubernetes, OperatorConfig.local().withAgentBus(central.uri(), Duration.ofSeconds(2)));
  }

  private String connectedAgent(String agentId) throws IOException {
    var env = new HashMap<String, String>();
    env.put("ANVIL_AGENT_ID", agentId);
    env.put("ANVIL_NODE_NAME", "node-" + agentId);
    env.put("ANVIL_DATACENTER", datacenterOf(agentId));
    env.put("ANVIL_HUB_ADDRESS", "127.0.0.1:" + hub.port());
    env.put("ANVIL_HUB_PLAINTEXT", "true");
    env.put("ANVIL_AGENT_TOKEN", TOKEN);
    env.put("ANVIL_LOCAL_REDIS", local.uri());
    env.put("ANVIL_MAX_ATTEMPTS", "2");
    env.put("ANVIL_WORK_DIR", Files.createDirectories(temp.resolve("work-" + agentId)).toString());
    var agent = Agent.start(AgentConfig.fromEnv(env), FAST_RECONNECT);
    agents.add(agent);
    await().atMost(Duration.ofSeconds(15)).until(() -> agent.hub().isConnected());
    return agentId;
  }

  /** Each agent has a datacenter of its own, so a Job's selector picks exactly one agent. */
  private static String datacenterOf(String agentId) {
    return "dc-" + agentId;
  }

  /** An agent Job that the datacenter label of its selector places on {@code agentId}. */
  private static Job agentJob(String name, String agentId, String script) {
    var task = new AgentTask();
    task.setCommand(List.of("sh", "-c", script));
    task.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("anvil.dev/datacenter", datacenterOf(agentId))).build());
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    spec.setAgent(task);
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
    job.setSpec(spec);
    return job;
  }

  private static Job awaitPhase(String name, JobPhase phase) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      var job = get(name);
      return job != null && job.getStatus() != null && job.getStatus().getPhase() == phase;
    });
    return get(name);
  }

  private static Job get(String name) {
    return kubernetes.resources(Job.class).inNamespace(NAMESPACE).withName(name).get();
  }
}
