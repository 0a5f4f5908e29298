package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.cli.AnvilCli;
import dev.anvil.cli.CliStreams;
import dev.anvil.cli.console.Terminal;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.e2e.platform.FrontDoor;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubectl plugin against the real apiserver, with a kubeconfig as a user has one, over the whole platform: Job
 * logs, power through the operator and the agent to ipmi_sim, an approval, dead letters, the serial console.
 */
class KubectlAnvilE2E {

  private static final String DATACENTER = "dc-k";
  private static ChainPlatform platform;
  private static AnvilOperator operator;
  private static FrontDoor door;
  private static IpmiSimulator ipmi;
  private static Path kubeconfig;

  @BeforeAll
  static void start(@TempDir Path temp) throws Exception {
    var central = RedisProcess.start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-cli"));
    ipmi = IpmiSimulator.start();
    platform.connectedAgent("agent-cli", DATACENTER, 2, temp);
    operator = platform.operator(OperatorConfig.local().withAgentBus(central.uri(), Duration.ofSeconds(3)));
    door = FrontDoor.start(platform.kubernetes, platform.kube.url(), central.uri());
    kubeconfig = Files.writeString(temp.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: anvil
          cluster: {server: "%s"}
        users:
        - name: admin
          user: {token: "%s"}
        contexts:
        - name: anvil
          context: {cluster: anvil, user: admin, namespace: %s}
        current-context: anvil
        """.formatted(door.url(), FrontDoor.ADMIN_TOKEN, ChainPlatform.NAMESPACE));
    platform.servedIpmiHost("node-k1", DATACENTER, ipmi, null);
  }

  @AfterAll
  static void stop() throws Exception {
    ChainPlatform.closeAll(door, operator, platform, ipmi);
  }


  /** One run of the plugin with {@code stdin}; waits for it to exit. */
  private static Run run(InputStream stdin, String... args) throws Exception {
    var run = new Run();
    var all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--kubeconfig";
    all[args.length + 1] = kubeconfig.toString();
    var io = new CliStreams(stdin, new PrintStream(run.out, true, StandardCharsets.UTF_8),
        new PrintStream(run.err, true, StandardCharsets.UTF_8), Terminal.none());
    var thread = new Thread(() -> run.exit.complete(new AnvilCli(io).run(all)), "kubectl-anvil");
    thread.setDaemon(true);
    thread.start();
    return run;
  }

  private static Run run(String... args) throws Exception {
    return run(new ByteArrayInputStream(new byte[0]), args);
  }

  private static final class Run {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Integer> exit = new CompletableFuture<>();

    int awaitExit() throws Exception {
      return exit.get(60, TimeUnit.SECONDS);
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void logsOfAnAgentJob() throws Exception {
    platform.create(ChainPlatform.agentJob("hello-cli", DATACENTER, "for i in 1 2 3; do echo line $i; done"));
    platform.awaitPhase("hello-cli", JobPhase.Succeeded, Duration.ofSeconds(60));

    var logs = run("logs", "hello-cli");

    assertThat(logs.awaitExit()).as(logs.err()).isZero();
    assertThat(logs.out()).isEqualTo("line 1\nline 2\nline 3\n");
  }

  @Test
  void powerGoesThroughTheOperatorAndTheAgentToTheBmc() throws Exception {
    var on = run("power", "node-k1", "On", "--wait");
    assertThat(on.awaitExit()).as(on.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(ipmi::poweredOn);

    var off = run("power", "node-k1", "force-off", "--wait");
    assertThat(off.awaitExit()).as(off.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> !ipmi.poweredOn());
  }

  @Test
  void anApprovalLetsTheWorkflowFinish() throws Exception {
    var workflow = Serialization.unmarshal("""
        apiVersion: anvil.dev/v1alpha1
        kind: Workflow
        metadata: {name: gated, namespace: %s}
        spec:
          nodes:
          - name: gate
            approval: {message: go?}
        """.formatted(ChainPlatform.NAMESPACE), Workflow.class);
    platform.kubernetes.resource(workflow).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> phase("gated").equals("Waiting"));

    var approve = run("approve", "gated", "gate", "--reason", "looks fine");

    assertThat(approve.awaitExit()).as(approve.err()).isZero();
    await().atMost(Duration.ofSeconds(30)).until(() -> phase("gated").equals("Succeeded"));
    var none = run("dead-letters", "list", "gated");
    assertThat(none.awaitExit()).as(none.err()).isZero();
    assertThat(none.err()).contains("No dead letters found for workflows/gated");
  }

  private static String phase(String workflow) {
    var current = platform.kubernetes.resources(Workflow.class).inNamespace(ChainPlatform.NAMESPACE)
        .withName(workflow).get();
    return current == null || current.getStatus() == null || current.getStatus().getPhase() == null ? ""
        : current.getStatus().getPhase().toString();
  }

  @Test
  void theConsoleCarriesTypedBytesToTheHostAndItsEchoBack() throws Exception {
    var keyboard = new PipedOutputStream();
    var console = run(new PipedInputStream(keyboard, 4096), "console", "node-k1");
    await().atMost(Duration.ofSeconds(20)).until(() -> console.err().contains("console"));

    keyboard.write("hostname\r".getBytes(StandardCharsets.US_ASCII));
    keyboard.flush();

    await().atMost(Duration.ofSeconds(15)).until(() -> ipmi.hostReceived().contains("hostname\r"));
    await().atMost(Duration.ofSeconds(15)).until(() -> console.out().replace("echo:", "").contains("hostname"));
    keyboard.close();
    assertThat(console.awaitExit()).as(console.err()).isZero();
  }

  @Test
  void anUnknownHostIsAClearError() throws Exception {
    var console = run("console", "nope");
    assertThat(console.awaitExit()).isNotZero();
    assertThat(console.err()).contains("not found");
  }

}
