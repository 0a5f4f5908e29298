package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.deadletter.DeadLetterQueue;
import dev.anvil.sim.redfish.AcceptedChange;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning example, {@code examples/workflows/provision-host.yaml}, applied as a user would and run through
 * every real part: the operator's Workflow and BmcHost reconcilers → central Redis → hub (which reads the BMC
 * Secrets) → agent → RedfishClient → the Redfish simulator over verified HTTPS, the burn-in as an Agent Job on the same
 * agent, and the notification to a local HTTP receiver. Only what must point at the test's servers is rewritten: the
 * BMC's address and CA, the notify URL, and the namespace (one per test, so the runs do not share a host).
 */
@Timeout(360)
class WorkflowChainE2E {

  private static final Path EXAMPLE = Path.of("../examples/workflows/provision-host.yaml");
  private static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";
  private static final String RESET = SYSTEM + "/Actions/ComputerSystem.Reset";
  private static final String WORKFLOW = "provision-r640-18";
  private static final String HOST = "r640-18";
  private static final String NOTIFY_PATH = "/api/v1/hosts/events";
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ChainPlatform platform;
  private static AnvilOperator operator;
  private static OperatorConfig config;
  private static DeadLetterQueue deadLetters;
  private static final List<AutoCloseable> servers = new ArrayList<>();

  @TempDir
  static Path temp;

  @BeforeAll
  static void start() throws Exception {
    var central = RedisProcess.start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-wf"));
    platform.connectedAgent("agent-dc-a", "dc-a", 2, temp);
    config = OperatorConfig.local().withAgentBus(central.uri(), Duration.ofSeconds(5));
    operator = platform.operator(config);
    deadLetters = new DeadLetterQueue(platform.strings, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    for (var server : servers) {
      server.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  /** A Redfish BMC with the example's credentials, so its Secret is applied unchanged. */
  private static RedfishSimulator bmc() {
    var bmc = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).credentials("root", "change-me").start();
    servers.add(bmc);
    return bmc;
  }

  private static HttpReceiver receiver() {
    var receiver = HttpReceiver.start();
    servers.add(receiver);
    return receiver;
  }

  /**
   * Applies the example into {@code namespace}: the BmcHost pointed at {@code bmc}, its CA Secret holding the
   * simulator's CA, the notify node at {@code receiver}; {@code edit} may change the Workflow further.
   */
  private static void applyExample(String namespace, RedfishSimulator bmc, HttpReceiver receiver,
      Consumer<Workflow> edit) {
    var serialization = platform.kubernetes.getKubernetesSerialization();
    var items = load(EXAMPLE);
    assertThat(items).extracting(HasMetadata::getKind)
        .containsExactly("Namespace", "Secret", "Secret", "BmcHost", "Workflow");
    for (var item : items) {
      if (item instanceof Namespace ns) {
        ns.getMetadata().setName(namespace);
        platform.kubernetes.resource(ns).create();
        continue;
      }
      item.getMetadata().setNamespace(namespace);
      if (item instanceof Secret secret && secret.getStringData().containsKey("ca.crt")) {
        secret.getStringData().put("ca.crt", bmc.caPem());
        platform.kubernetes.resource(secret).create();
      } else if (item instanceof Secret secret) {
        platform.kubernetes.resource(secret).create();
      } else if ("BmcHost".equals(item.getKind())) {
        var host = serialization.unmarshal(serialization.asJson(item), BmcHost.class);
        host.getSpec().setAddress("redfish+https://127.0.0.1:" + bmc.httpsUri().getPort() + SYSTEM);
        platform.kubernetes.resource(host).create();
      } else {
        var workflow = serialization.unmarshal(serialization.asJson(item), Workflow.class);
        workflow.getSpec().getNodes().stream().filter(n -> n.getHttp() != null)
            .forEach(n -> n.getHttp().setUrl(receiver.url(NOTIFY_PATH)));
        edit.accept(workflow);
        platform.kubernetes.resource(workflow).create();
      }
    }
  }

  private static List<HasMetadata> load(Path example) {
    try (InputStream in = Files.newInputStream(example)) {
      return platform.kubernetes.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Workflow workflow(String namespace) {
    return workflow(namespace, WORKFLOW);
  }

  private static Workflow workflow(String namespace, String name) {
    return platform.kubernetes.resources(Workflow.class).inNamespace(namespace).withName(name).get();
  }

  private static Workflow awaitPhase(String namespace, RunPhase phase) {
    return awaitPhase(namespace, WORKFLOW, phase);
  }

  private static Workflow awaitPhase(String namespace, String name, RunPhase phase) {
    await().atMost(RUN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      var w = workflow(namespace, name);
      assertThat(w.getStatus()).as("status of %s/%s", namespace, WORKFLOW).isNotNull();
      assertThat(w.getStatus().getPhase()).as("phase; nodes: %s", describe(w)).isEqualTo(phase);
    });
    return workflow(namespace, name);
  }

  private static String describe(Workflow w) {
    return w.getStatus().getNodes().stream().map(n -> n.getName() + " " + n.getPhase() + " " + n.getReason() + " "
        + n.getMessage()).toList().toString();
  }

  private static WorkflowNodeState node(Workflow w, String name) {
    return w.getStatus().getNodes().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
  }

  private static String succeededReason(Workflow w) {
    return Conditions.find(w.getStatus().getConditions(), WorkflowStatus.SUCCEEDED).getReason();
  }

  private static Job burnIn(String namespace) {
    return platform.kubernetes.resources(Job.class).inNamespace(namespace).withName(WORKFLOW + "-burn-in").get();
  }

  /** The simulator saw exactly ForceOff, the PXE-once boot override and On, in that order, each once. */
  private static void assertProvisionedOnce(RedfishSimulator bmc) throws IOException {
    var changes = bmc.acceptedChanges();
    assertThat(changes).as("resets and PATCHes the BMC accepted").hasSize(3);
    assertThat(changes).extracting(AcceptedChange::method, AcceptedChange::path)
        .containsExactly(tuple("POST", RESET),
            tuple("PATCH", SYSTEM), tuple("POST", RESET));
    assertThat(JSON.readTree(changes.get(0).body()).path("ResetType").asText()).isEqualTo("ForceOff");
    var boot = JSON.readTree(changes.get(1).body()).path("Boot");
    assertThat(boot.path("BootSourceOverrideTarget").asText()).isEqualTo("Pxe");
    assertThat(boot.path("BootSourceOverrideEnabled").asText()).isEqualTo("Once");
    assertThat(JSON.readTree(changes.get(2).body()).path("ResetType").asText()).isEqualTo("On");
    assertThat(bmc.requestCount("POST", RESET)).as("no reset refused or repeated either").isEqualTo(2);
    assertThat(bmc.powerState(SYSTEM)).isEqualTo("On");
    assertThat(bmc.resource(SYSTEM).at("/Boot/BootSourceOverrideEnabled").asText())
        .as("powering on booted the server, which used up the Once override").isEqualTo("Disabled");
  }

  @Test
  void theExampleProvisionsTheHostOnceBurnsItInAndReportsTheVerdict() throws Exception {
    var namespace = "wf-provision";
    var bmc = bmc();
    var receiver = receiver();
    var started = System.nanoTime();
    applyExample(namespace, bmc, receiver, w -> { });

    var done = awaitPhase(namespace, RunPhase.Succeeded);
    System.out.printf("Workflow chain: provision-host applied to Succeeded in %.2f s%n",
        (System.nanoTime() - started) / 1e9);
    assertThat(succeededReason(done)).isEqualTo("Succeeded");
    assertThat(done.getStatus().getNodes()).extracting(WorkflowNodeState::getName, WorkflowNodeState::getPhase)
        .containsExactlyInAnyOrder(
            tuple("power-off", StepPhase.Succeeded),
            tuple("pxe-once", StepPhase.Succeeded),
            tuple("power-on", StepPhase.Succeeded),
            tuple("burn-in", StepPhase.Succeeded),
            tuple("notify", StepPhase.Succeeded));
    assertThat(node(done, "power-off").getResults()).containsEntry("powerState", "Off");
    assertThat(node(done, "pxe-once").getResults()).containsEntry("bootTarget", "Pxe");
    assertThat(node(done, "power-on").getResults()).containsEntry("powerState", "On");
    assertProvisionedOnce(bmc);

    var job = burnIn(namespace);
    assertThat(job.getStatus().getAttempts()).as("the burn-in ran one attempt").hasSize(1);
    assertThat(job.getStatus().getResults()).containsEntry("verdict", "pass");

    assertThat(receiver.calls()).as("one notification").singleElement().satisfies(call -> {
      assertThat(call.method()).isEqualTo("POST");
      assertThat(call.path()).isEqualTo(NOTIFY_PATH);
      assertThat(call.contentType()).isEqualTo("application/json");
      var body = JSON.readTree(call.body());
      assertThat(body.path("host").asText()).isEqualTo(HOST);
      assertThat(body.path("burnIn").asText()).as("the burn-in's verdict, through $(nodes.burn-in.results.verdict)")
          .isEqualTo("pass");
      assertThat(call.idempotencyKey()).isEqualTo(done.getMetadata().getUid() + "-notify-1-1");
    });
    var host = platform.kubernetes.resources(BmcHost.class).inNamespace(namespace).withName(HOST).get();
    assertThat(host.getSpec().getPower()).as("the nodes never write the host's spec").isNull();
    assertThat(host.getStatus().getRequests()).as("each node's request recorded on the host").hasSize(3);
  }

  @Test
  void aNotificationThatKeepsFailingIsDeadLetteredAndReplayedOnceTheServiceIsBack() throws Exception {
    var namespace = "wf-dead-letter";
    var bmc = bmc();
    var receiver = receiver();
    receiver.answer(503);
    applyExample(namespace, bmc, receiver, w -> { });

    var failed = awaitPhase(namespace, RunPhase.Failed);
    assertThat(succeededReason(failed)).isEqualTo("DeadLettered");
    var notify = node(failed, "notify");
    assertThat(notify.getPhase()).isEqualTo(StepPhase.DeadLettered);
    assertThat(notify.getAttempts()).as("the first attempt and 2 retries").isEqualTo(3);
    assertThat(failed.getStatus().getDeadLetters()).isEqualTo(1);
    var letters = deadLetters.list(namespace, Optional.of(WORKFLOW), 10);
    assertThat(letters).singleElement().satisfies(entry -> {
      assertThat(entry.id()).isEqualTo(notify.getDeadLetter());
      assertThat(entry.letter().node()).isEqualTo("notify");
      assertThat(entry.letter().attempts()).isEqualTo(3);
      assertThat(entry.letter().reason()).isEqualTo("UnexpectedStatus");
    });
    assertThat(receiver.calls()).hasSize(3).allSatisfy(call -> assertThat(call.answered()).isEqualTo(503));
    assertThat(receiver.calls()).extracting(HttpReceiver.Call::idempotencyKey).doesNotHaveDuplicates();

    receiver.answer(200);
    platform.kubernetes.resources(Workflow.class).inNamespace(namespace).withName(WORKFLOW)
        .edit(w -> {
          w.getMetadata().getAnnotations().put("anvil.dev/replay", "notify");
          return w;
        });
    var done = awaitPhase(namespace, RunPhase.Succeeded);
    assertThat(node(done, "notify").getExecution()).isEqualTo(2);
    assertThat(done.getStatus().getDeadLetters()).as("nothing left to replay").isIn(null, 0);
    assertThat(done.getMetadata().getAnnotations()).doesNotContainKey("anvil.dev/replay");
    var calls = receiver.calls();
    assertThat(calls).hasSize(4);
    assertThat(calls.get(3).answered()).isEqualTo(200);
    assertThat(JSON.readTree(calls.get(3).body()).path("burnIn").asText()).isEqualTo("pass");
    assertThat(calls.get(3).idempotencyKey()).isEqualTo(done.getMetadata().getUid() + "-notify-2-1");
    assertThat(deadLetters.get(notify.getDeadLetter()).orElseThrow().replay()).isPresent();
    assertProvisionedOnce(bmc);
    assertThat(burnIn(namespace).getStatus().getAttempts()).as("a replay of notify leaves the burn-in alone")
        .hasSize(1);
  }

  @Test
  void anOperatorRestartedWhileTheBurnInRunsRepeatsNothing() throws Exception {
    var namespace = "wf-restart";
    var bmc = bmc();
    var receiver = receiver();
    var scripts = new GatedScripts(Files.createDirectories(temp.resolve("restart")));
    // the one rewrite beyond addresses: a burn-in that runs until the test lets it finish
    applyExample(namespace, bmc, receiver, w -> w.getSpec().getNodes().stream()
        .filter(n -> n.getName().equals("burn-in"))
        .forEach(n -> n.getJob().getAgent().setScript(scripts.script("burn-in", "burn-in-done"))));

    await().atMost(RUN).pollInterval(Duration.ofMillis(200))
        .until(() -> Files.exists(temp.resolve("restart").resolve("starts-burn-in")));
    operator.close();
    operator = null;
    assertProvisionedOnce(bmc);
    operator = platform.operator(config);
    scripts.open("burn-in-done");

    var done = awaitPhase(namespace, RunPhase.Succeeded);
    assertProvisionedOnce(bmc);
    assertThat(scripts.starts("burn-in")).as("the burn-in script started once").hasSize(1);
    assertThat(burnIn(namespace).getStatus().getAttempts()).hasSize(1);
    assertThat(node(done, "burn-in").getAttempts()).isEqualTo(1);
    assertThat(receiver.calls()).singleElement()
        .satisfies(call -> assertThat(JSON.readTree(call.body()).path("burnIn").asText()).isEqualTo("pass"));
    for (var name : List.of("power-off", "pxe-once", "power-on")) {
      assertThat(node(done, name).getAttempts()).as("attempts of %s", name).isEqualTo(1);
    }
  }

  @Test
  void theApprovalGateExampleWaitsInProductionUntilApproved() {
    var namespace = "wf-approval";
    var serialization = platform.kubernetes.getKubernetesSerialization();
    var items = load(Path.of("../examples/workflows/approval-gate.yaml"));
    assertThat(items).extracting(HasMetadata::getKind).containsExactly("Namespace", "Workflow");
    var ns = (Namespace) items.get(0);
    ns.getMetadata().setName(namespace);
    platform.kubernetes.resource(ns).create();
    var run = serialization.unmarshal(serialization.asJson(items.get(1)), Workflow.class);
    run.getMetadata().setNamespace(namespace);
    // bin/run's agent serves datacenter local; the test's serves dc-a
    run.getSpec().getNodes().stream().filter(n -> n.getJob() != null)
        .forEach(n -> n.getJob().getAgent().setDatacenter("dc-a"));
    platform.kubernetes.resource(run).create();

    var waiting = awaitPhase(namespace, "bios-settings", RunPhase.Waiting);
    var approval = Conditions.find(waiting.getStatus().getConditions(), WorkflowStatus.WAITING_FOR_APPROVAL);
    assertThat(approval.getStatus()).isEqualTo("True");
    assertThat(approval.getMessage()).contains("approve");
    assertThat(node(waiting, "gate").getResults()).containsEntry("value", "true");
    assertThat(node(waiting, "apply-now").getPhase()).isEqualTo(StepPhase.Skipped);
    assertThat(node(waiting, "apply-now").getReason()).isEqualTo("BranchNotTaken");
    assertThat(node(waiting, "approve").getMessage()).contains("Apply 3 BIOS setting changes in prod?");

    platform.kubernetes.resources(Workflow.class).inNamespace(namespace).withName("bios-settings").edit(w -> {
      w.getMetadata().getAnnotations().put("approve.anvil.dev/approve", "approved");
      return w;
    });
    var done = awaitPhase(namespace, "bios-settings", RunPhase.Succeeded);
    assertThat(node(done, "apply-approved").getPhase()).isEqualTo(StepPhase.Succeeded);
    assertThat(platform.kubernetes.resources(Job.class).inNamespace(namespace).withName("bios-settings-apply-approved")
        .get().getStatus().getResults()).containsEntry("outcome", "applied");
    assertThat(platform.kubernetes.resources(Job.class).inNamespace(namespace).withName("bios-settings-apply-now")
        .get()).as("the branch not taken ran nothing").isNull();
  }
}
