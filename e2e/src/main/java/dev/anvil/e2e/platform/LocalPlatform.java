package dev.anvil.e2e.platform;

import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.OperatorMain;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the platform: the operator against the configured cluster if there is one, else against an embedded API
 * with the examples applied and every Job transition printed; there, when redis-server is installed, a central
 * Redis, the agent hub and one agent (datacenter {@code local}) run too, so Agent Jobs run as local processes.
 */
public final class LocalPlatform implements AutoCloseable {

  private static final int DEFAULT_API_PORT = 6443;
  private static final int DEFAULT_HTTP_PORT = 8080;

  private final EmbeddedKubeApi api;
  private final KubernetesClient client;
  private final KubeletStandIn kubelet;
  private final AgentStack agents;
  private final AnvilOperator operator;
  private final JobTransitions transitions;
  private final List<String> exampleJobs;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LocalPlatform(EmbeddedKubeApi api, KubernetesClient client, KubeletStandIn kubelet, AgentStack agents,
      AnvilOperator operator, JobTransitions transitions, List<String> exampleJobs) {
    this.api = api;
    this.client = client;
    this.kubelet = kubelet;
    this.agents = agents;
    this.operator = operator;
    this.transitions = transitions;
    this.exampleJobs = exampleJobs;
  }

  public static void main(String[] args) throws InterruptedException {
    // the operator jar carries its own logback.xml; this one is quieter about the mock and JOSDK
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anvil-local-logback.xml");
    }
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(PlatformOptions.USAGE);
      return;
    }
    PlatformOptions options;
    try {
      options = PlatformOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(PlatformOptions.USAGE);
      System.exit(2);
      return;
    }
    var cluster = configuredCluster(System.getenv(), Path.of(System.getProperty("user.home")));
    if (cluster != null && !options.embedded()) {
      if (options.embeddedOnlyOptionsGiven()) {
        System.err.println("found " + cluster + ": the operator would run against that cluster, where --port, "
            + "--kubelet-stand-in and --exit-when-done mean nothing. Add --embedded to use the embedded API instead.");
        System.exit(2);
      }
      runAgainstCluster(cluster);
      return;
    }
    System.exit(runEmbedded(options, System.out));
  }

  /** Where the cluster configuration comes from, or null when there is none. */
  static String configuredCluster(Map<String, String> env, Path home) {
    var kubeconfig = env.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      var existing = Arrays.stream(kubeconfig.split(java.io.File.pathSeparator))
          .filter(p -> !p.isBlank() && Files.isRegularFile(Path.of(p))).findFirst();
      if (existing.isPresent()) {
        return "KUBECONFIG=" + kubeconfig;
      }
    }
    var defaultConfig = home.resolve(".kube").resolve("config");
    if (Files.isRegularFile(defaultConfig)) {
      return "kubeconfig " + defaultConfig;
    }
    if (env.get("KUBERNETES_SERVICE_HOST") != null) {
      return "the in-cluster service account (KUBERNETES_SERVICE_HOST)";
    }
    return null;
  }

  private static void runAgainstCluster(String cluster) throws InterruptedException {
    System.out.println("Using " + cluster + ": running the operator against it (nothing is applied; Ctrl-C stops it)");
    OperatorMain.main(new String[0]);
  }

  /** Runs the embedded platform until Ctrl-C, or with --exit-when-done until the examples settle; the exit code. */
  static int runEmbedded(PlatformOptions options, PrintStream out) throws InterruptedException {
    LocalPlatform platform;
    try {
      platform = start(options, out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      platform.close();
      stopped.countDown();
    }, "shutdown"));
    if (!options.exitWhenDone()) {
      stopped.await();
      return 0;
    }
    if (platform.awaitExamplesSettled(options.timeout())) {
      out.println("every example Job is Succeeded, Failed or Suspended");
      platform.close();
      return 0;
    }
    out.println("timed out after " + options.timeout().toSeconds() + "s; still unsettled:");
    platform.exampleJobs().stream().filter(k -> !platform.transitions.allSettled(List.of(k)))
        .forEach(k -> out.println("  " + k + " " + platform.transitions.last(k)));
    platform.close();
    return 1;
  }

  /** Starts the embedded API, the operator (and the kubelet stand-in if asked), then applies the examples. */
  public static LocalPlatform start(PlatformOptions options, PrintStream out) {
    var api = startApi(options.apiPort());
    var client = api.newClient();
    out.println("Embedded Kubernetes API (Fabric8 mock server, CRUD mode): " + api.url());
    var kubeconfig = writeKubeconfig(api);
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println("  (kubectl cannot discover resources or watch through the bare mock server; "
        + "use a Fabric8 client, or curl " + api.url() + "apis/anvil.dev/v1alpha1/namespaces/default/jobs)");
    if (options.kubeletStandIn()) {
      out.println("Kubelet stand-in ON: a SIMULATION moves Pods Pending -> Running -> Succeeded/Failed as their "
          + "kubelet.anvil.dev/* annotations say; no container runs.");
    } else {
      out.println("Pod Jobs wait for a kubelet: only a real cluster has one; here they stay Pending "
          + "(--kubelet-stand-in simulates one).");
    }
    var applier = new ExampleApplier(client, out);
    var items = applier.load(options.examples());
    out.println("Job transitions (namespace/name phase attempt reason message):");
    var transitions = new JobTransitions(client, out);
    // Namespaces before the operator, so its quota informer starts with their limits
    applier.applyNamespaces(items);
    var kubelet = options.kubeletStandIn() ? new KubeletStandIn(client) : null;
    var agents = startAgents(client, out);
    var config = OperatorConfig.local().withHttpPort(httpPort(options.httpPort()));
    if (agents != null) {
      config = config.withAgentBus(agents.busUri(), OperatorConfig.DEFAULT_AGENT_HEARTBEAT_TIMEOUT);
    }
    var operator = AnvilOperator.start(client, config);
    out.println("Operator running; metrics: http://localhost:" + operator.httpPort() + "/metrics");
    var applied = applier.applyRest(items).stream()
        .filter(i -> Job.GROUP.equals(group(i.getApiVersion())) && "Job".equals(i.getKind()))
        .toList();
    if (agents == null) {
      applied.stream().filter(LocalPlatform::isAgentJob).forEach(i -> out.println("not waiting for "
          + i.getMetadata().getNamespace() + "/" + i.getMetadata().getName() + ": an Agent Job, and no agent runs"));
    }
    var jobs = applied.stream()
        .filter(i -> agents != null || !isAgentJob(i))
        .map(i -> i.getMetadata().getNamespace() + "/" + i.getMetadata().getName())
        .toList();
    return new LocalPlatform(api, client, kubelet, agents, operator, transitions, jobs);
  }

  /** The hub and one agent on a central Redis, or null (with one line saying why) when redis-server is missing. */
  private static AgentStack startAgents(KubernetesClient client, PrintStream out) {
    if (!redisServerInstalled()) {
      out.println("agent Jobs need redis-server: apt-get install redis-server (running without the agent hub and "
          + "agent; Agent Jobs wait with reason AgentExecutorUnavailable)");
      return null;
    }
    return AgentStack.start(client, out);
  }

  private static boolean redisServerInstalled() {
    var path = System.getenv().getOrDefault("PATH", "") + java.io.File.pathSeparator
        + "/usr/bin:/usr/local/bin:/usr/sbin";
    return Arrays.stream(path.split(java.io.File.pathSeparator)).filter(d -> !d.isBlank())
        .anyMatch(d -> Files.isExecutable(Path.of(d, "redis-server")));
  }

  private static boolean isAgentJob(HasMetadata item) {
    if (item instanceof Job job) {
      return job.getSpec() != null && Executor.Agent.name().equals(job.getSpec().getExecutor());
    }
    if (item instanceof GenericKubernetesResource generic
        && generic.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec) {
      return Executor.Agent.name().equals(spec.get("executor"));
    }
    return false;
  }

  private static String group(String apiVersion) {
    return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
  }

  private static EmbeddedKubeApi startApi(Integer port) {
    if (port != null) {
      return EmbeddedKubeApi.start(port);
    }
    try {
      return EmbeddedKubeApi.start(DEFAULT_API_PORT);
    } catch (IllegalStateException e) {
      return EmbeddedKubeApi.start(0);
    }
  }

  private static int httpPort(Integer asked) {
    if (asked != null) {
      return asked;
    }
    try (var socket = new ServerSocket(DEFAULT_HTTP_PORT)) {
      return DEFAULT_HTTP_PORT;
    } catch (IOException e) {
      return 0;
    }
  }

  private static Path writeKubeconfig(EmbeddedKubeApi api) {
    try {
      var dir = Files.createTempDirectory("anvil-local-");
      var file = dir.resolve("kubeconfig");
      Files.writeString(file, """
          apiVersion: v1
          kind: Config
          clusters:
          - name: anvil-embedded
            cluster:
              server: http://%s:%d
          contexts:
          - name: anvil-embedded
            context:
              cluster: anvil-embedded
              user: anvil
              namespace: default
          current-context: anvil-embedded
          users:
          - name: anvil
            user:
              token: anvil-local
          """.formatted(InetAddress.getLoopbackAddress().getHostAddress(), api.port()));
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until every example Job is Succeeded, Failed or Suspended; false on timeout. */
  public boolean awaitExamplesSettled(Duration timeout) throws InterruptedException {
    return transitions.awaitSettled(exampleJobs, timeout);
  }

  /** The example Jobs applied, as {@code namespace/name}. */
  public List<String> exampleJobs() {
    return exampleJobs;
  }

  public JobTransitions transitions() {
    return transitions;
  }

  public KubernetesClient client() {
    return client;
  }

  public int httpPort() {
    return operator.httpPort();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    operator.close();
    if (agents != null) {
      agents.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
    transitions.close();
    client.close();
    api.close();
  }
}
