package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.e2e.platform.FrontDoor;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser (the machine's Chromium through playwright-core, {@code e2e/web/console.spec.mjs})
 * against the whole platform: the apiserver serving {@code /ui/} in front of the embedded Kubernetes API, the
 * operator, the hub and an agent serving an ipmi_sim BMC whose serial port echoes ({@code echo:<bytes>}), a Job and a
 * Pipeline that already succeeded. Console tokens live 3 s here, so the browser sees one expire. Screenshots of every
 * page land in {@code e2e/target/screenshots/} (and {@code failure-<step>.png} on a failure).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WebConsoleE2E {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path WEB = Path.of("web").toAbsolutePath();
  private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
  private static final String DATACENTER = "dc-w";
  private static final String AGENT = "agent-web";
  private static final String HOST = "node-w1";
  private static final String JOB = "hello-web";
  private static final String PIPELINE = "web-pipe";
  private static final List<String> TASKS = List.of("fetch", "build");
  private static final int CONSOLE_TOKEN_TTL_SECONDS = 3;

  private static ChainPlatform platform;
  private static AnvilOperator operator;
  private static FrontDoor door;
  private static IpmiSimulator ipmi;

  @BeforeAll
  static void start(@TempDir Path temp) throws Exception {
    requireChromium();
    var central = RedisProcess.start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-web"));
    ipmi = IpmiSimulator.start();
    platform.connectedAgent(AGENT, DATACENTER, 2, temp);
    operator = platform.operator(OperatorConfig.local().withAgentBus(central.uri(), Duration.ofSeconds(3)));
    door = FrontDoor.start(platform.kubernetes, platform.kube.url(), central.uri(),
        List.of("--anvil.auth.delegated.ttl=" + CONSOLE_TOKEN_TTL_SECONDS + "s"));
    platform.servedIpmiHost(HOST, DATACENTER, ipmi, null);

    platform.create(ChainPlatform.agentJob(JOB, DATACENTER, "for i in 1 2 3; do echo line $i; done"));
    platform.kubernetes.resource(Serialization.unmarshal("""
        apiVersion: anvil.dev/v1alpha1
        kind: Pipeline
        metadata: {name: %s, namespace: %s}
        spec:
          tasks:
          - name: fetch
            job:
              executor: Agent
              agent:
                selector: {matchLabels: {anvil.dev/datacenter: %s}}
                script: echo fetched
          - name: build
            runAfter: [fetch]
            job:
              executor: Agent
              agent:
                selector: {matchLabels: {anvil.dev/datacenter: %s}}
                script: echo built
        """.formatted(PIPELINE, ChainPlatform.NAMESPACE, DATACENTER, DATACENTER), Pipeline.class)).create();
    platform.awaitPhase(JOB, JobPhase.Succeeded, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      var pipeline = platform.kubernetes.resources(Pipeline.class).inNamespace(ChainPlatform.NAMESPACE)
          .withName(PIPELINE).get();
      return pipeline != null && pipeline.getStatus() != null && pipeline.getStatus().getPhase() == RunPhase.Succeeded;
    });
  }

  /** Skipped only when asked to (ANVIL_SKIP_BROWSER=1) and there is no browser; otherwise a missing one fails. */
  private static void requireChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    Assumptions.assumeFalse("1".equals(System.getenv("ANVIL_SKIP_BROWSER")),
        CHROMIUM + " is missing and ANVIL_SKIP_BROWSER=1: the browser tests are skipped");
    fail(CHROMIUM + " is missing: the web console E2E runs the machine's Chromium. bin/test installs it "
        + "(apt-get install chromium); set ANVIL_SKIP_BROWSER=1 to skip these tests instead.");
  }

  @AfterAll
  static void stop() throws Exception {
    ChainPlatform.closeAll(door, operator, platform, ipmi);
  }


  @Test
  void theConsoleWorksInARealBrowser() throws Exception {
    if (!Files.isDirectory(WEB.resolve("node_modules").resolve("playwright-core"))) {
      var install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(3));
      assertThat(install.exit).as("npm ci in %s failed:%n%s", WEB, install.tail).isZero();
    }
    Files.createDirectories(SCREENSHOTS);
    try (var previous = Files.newDirectoryStream(SCREENSHOTS, "*.png")) {
      for (var png : previous) {
        Files.delete(png); // this run's pages only
      }
    }
    var env = Map.ofEntries(
        Map.entry("BASE_URL", door.url()),
        Map.entry("TOKEN", FrontDoor.ADMIN_TOKEN),
        Map.entry("SCREENSHOTS", SCREENSHOTS.toString()),
        Map.entry("EXPECTED_USER", "admin"),
        Map.entry("HOST_NS", ChainPlatform.NAMESPACE),
        Map.entry("HOST_NAME", HOST),
        Map.entry("HOST_DC", DATACENTER),
        Map.entry("JOB_NS", ChainPlatform.NAMESPACE),
        Map.entry("JOB_NAME", JOB),
        Map.entry("JOB_LOG", "line 1|line 2|line 3"),
        Map.entry("PIPELINE_NS", ChainPlatform.NAMESPACE),
        Map.entry("PIPELINE_NAME", PIPELINE),
        Map.entry("PIPELINE_TASKS", String.join(",", TASKS)),
        Map.entry("AGENT_ID", AGENT),
        Map.entry("AGENT_DC", DATACENTER),
        Map.entry("CONSOLE_TOKEN_TTL_SECONDS", Integer.toString(CONSOLE_TOKEN_TTL_SECONDS)),
        Map.entry("FCP_BUDGET_MS", "1000"),
        Map.entry("CHROMIUM", CHROMIUM.toString()));

    var spec = run(List.of("node", "console.spec.mjs"), env, Duration.ofMinutes(6));

    assertThat(spec.exit).as("the browser tests (e2e/web/console.spec.mjs) failed; screenshots in %s:%n%s",
        SCREENSHOTS, spec.tail).isZero();
  }

  /** Runs {@code command} in e2e/web, its output streamed into the test log; the last lines kept for the verdict. */
  private static Result run(List<String> command, Map<String, String> env, Duration within)
      throws IOException, InterruptedException {
    System.out.println("[web-e2e] $ " + String.join(" ", command) + " (in " + WEB + ")");
    var builder = new ProcessBuilder(command).directory(WEB.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    var process = builder.start();
    var tail = new ArrayDeque<String>();
    var pump = new Thread(() -> {
      try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (var line = reader.readLine(); line != null; line = reader.readLine()) {
          System.out.println(line);
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > 40) {
              tail.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        System.out.println("[web-e2e] output of " + command.get(0) + " ended: " + e.getMessage());
      }
    }, "web-e2e-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      pump.join(5_000);
      synchronized (tail) {
        return new Result(-1, "timed out after " + within + "\n" + String.join("\n", tail));
      }
    }
    pump.join(10_000);
    synchronized (tail) {
      return new Result(process.exitValue(), String.join("\n", tail));
    }
  }

  private record Result(int exit, String tail) {}
}
