package dev.anvil.e2e;

import static org.awaitility.Awaitility.await;

import dev.anvil.agent.Agent;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.apiserver.hub.LoopbackHub;
import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.ConsoleEndpoints;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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

/**
 * The whole agent chain on loopback for one E2E class: a central Redis with the hub on it, agents with a local Redis
 * spool, the embedded Kubernetes API, and operators on demand.
 */
final class ChainPlatform implements AutoCloseable {

  static final String NAMESPACE = "lab";
  private static final String TOKEN = "bootstrap-e2e-7c1d";
  private static final ReconnectPolicy FAST_RECONNECT = new ReconnectPolicy(Duration.ofMillis(100),
      Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10));

  final RedisProcess central;
  final RedisProcess local = RedisProcess.start();
  final EmbeddedKubeApi kube = EmbeddedKubeApi.start();
  final KubernetesClient kubernetes = kube.newClient();
  /** The test's own client of the central Redis, for assertions. */
  final RedisClient redisClient;
  final StatefulRedisConnection<String, String> strings;
  final StatefulRedisConnection<String, byte[]> bytes;
  private final RedisClient hubRedis;
  final LoopbackHub hub;
  private final List<Agent> agents = new ArrayList<>();

  /** Starts the platform on {@code central}; the hub talks to it through {@code hubRedis} (closed with the platform). */
  ChainPlatform(RedisProcess central, RedisClient hubRedis, HubProperties hubProperties) {
    this.central = central;
    this.hubRedis = hubRedis;
    redisClient = RedisClient.create(central.uri());
    strings = redisClient.connect();
    bytes = redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    hub = LoopbackHub.start(kubernetes, hubRedis, hubProperties, TOKEN);
  }

  /** Starts an agent labelled {@code anvil.dev/datacenter=<datacenter>} and waits until the hub welcomed it. */
  Agent connectedAgent(String agentId, String datacenter, int maxAttempts, Path workRoot) throws IOException {
    var env = new HashMap<String, String>();
    env.put("ANVIL_AGENT_ID", agentId);
    env.put("ANVIL_NODE_NAME", "node-" + agentId);
    env.put("ANVIL_DATACENTER", datacenter);
    env.put("ANVIL_HUB_ADDRESS", "127.0.0.1:" + hub.port());
    env.put("ANVIL_HUB_PLAINTEXT", "true");
    env.put("ANVIL_AGENT_TOKEN", TOKEN);
    env.put("ANVIL_LOCAL_REDIS", local.uri());
    env.put("ANVIL_MAX_ATTEMPTS", Integer.toString(maxAttempts));
    env.put("ANVIL_WORK_DIR", Files.createDirectories(workRoot.resolve("work-" + agentId)).toString());
    var agent = Agent.start(AgentConfig.fromEnv(env), FAST_RECONNECT);
    agents.add(agent);
    await().atMost(Duration.ofSeconds(15)).until(() -> agent.hub().isConnected());
    return agent;
  }

  AnvilOperator operator(OperatorConfig config) {
    return AnvilOperator.start(kubernetes, config);
  }

  /** An agent Job whose selector picks the agents of {@code datacenter}. */
  static Job agentJob(String name, String datacenter, String script) {
    var task = new AgentTask();
    task.setCommand(List.of("sh", "-c", script));
    task.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("anvil.dev/datacenter", datacenter)).build());
    var spec = new JobSpec();
    spec.setExecutor(Executor.Agent.name());
    spec.setAgent(task);
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
    job.setSpec(spec);
    return job;
  }

  /**
   * Creates an ipmi:// BmcHost of {@code ipmi} in {@code datacenter} (credentials in a Secret {@code <name>-bmc}, the
   * given console endpoints) and waits until an agent serves it and has polled it once.
   */
  void servedIpmiHost(String name, String datacenter, IpmiSimulator ipmi, ConsoleEndpoints console) {
    kubernetes.resource(new SecretBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name + "-bmc")
        .endMetadata().withStringData(Map.of("username", IpmiSimulator.USER, "password", IpmiSimulator.PASSWORD))
        .build()).create();
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://127.0.0.1:" + ipmi.port());
    spec.setCredentialsSecretRef(new SecretRef(name + "-bmc"));
    spec.setDatacenter(datacenter);
    spec.setPollInterval("5s");
    spec.setConsole(console);
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
    host.setSpec(spec);
    kubernetes.resource(host).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var served = kubernetes.resources(BmcHost.class).inNamespace(NAMESPACE).withName(name).get();
      return served.getStatus() != null && served.getStatus().getAgent() != null
          && served.getStatus().getPowerState() != null;
    });
  }

  /** Closes the parts a test started, in the order given, skipping those that never started. */
  static void closeAll(AutoCloseable... parts) throws Exception {
    for (var part : parts) {
      if (part != null) {
        part.close();
      }
    }
  }

  void create(Job job) {
    kubernetes.resource(job).create();
  }

  Job awaitPhase(String name, JobPhase phase, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
      var job = get(name);
      return job != null && job.getStatus() != null && job.getStatus().getPhase() == phase;
    });
    return get(name);
  }

  String awaitUid(String name) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> get(name) != null);
    return get(name).getMetadata().getUid();
  }

  Job get(String name) {
    return kubernetes.resources(Job.class).inNamespace(NAMESPACE).withName(name).get();
  }

  @Override
  public void close() {
    agents.forEach(Agent::close);
    hub.close();
    strings.close();
    bytes.close();
    redisClient.shutdown();
    hubRedis.shutdown();
    kubernetes.close();
    kube.close();
    local.close();
    central.close();
  }
}
