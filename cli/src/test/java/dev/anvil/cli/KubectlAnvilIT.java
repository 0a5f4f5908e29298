package dev.anvil.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.cli.console.EscapeFilter;
import dev.anvil.cli.standin.Frame;
import dev.anvil.cli.standin.StandInApiServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against a loopback stand-in for the apiserver's routes (HTTP and WebSocket). */
class KubectlAnvilIT {

  private static final String NS = "/apis/anvil.dev/v1alpha1/namespaces/team-a";

  @TempDir
  Path dir;

  private StandInApiServer server;
  private String kubeconfig;

  @BeforeEach
  void start() throws IOException {
    server = StandInApiServer.start();
    kubeconfig = TestKubeconfig.write(dir, server.url()).toString();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void logsFollowStreamsEachLineAsItArrives() throws Exception {
    var more = new CountDownLatch(1);
    server.http("GET", NS + "/jobs/build/log", (request, reply) -> {
      reply.startStream(200);
      reply.write("line 1\n");
      more.await(10, SECONDS);
      reply.write("line 2\n");
    });

    var run = CliRun.start("logs", "build", "-f", "--attempt", "2", "--tail", "5", "--timestamps",
        "--kubeconfig", kubeconfig);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(run.out()).isEqualTo("line 1\n"));
    assertThat(run.exit()).isNotDone();
    more.countDown();
    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.out()).isEqualTo("line 1\nline 2\n");
    var request = server.requests().poll(1, SECONDS);
    assertThat(request.query()).containsEntry("follow", "true").containsEntry("attempt", "2")
        .containsEntry("tailLines", "5").containsEntry("timestamps", "true");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TestKubeconfig.TOKEN);
  }

  @Test
  void logsOfAnotherContextUseItsTokenFileAndNamespace() throws Exception {
    server.http("GET", "/apis/anvil.dev/v1alpha1/namespaces/ci/jobs/build/log",
        (request, reply) -> reply.json(200, "done\n"));

    var run = CliRun.start("logs", "build", "--context", "other", "-n", "ci", "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.out()).isEqualTo("done\n");
    assertThat(server.requests().poll(1, SECONDS).header("Authorization")).isEqualTo("Bearer bobs-token");
  }

  @Test
  void anErrorPrintsTheStatusMessageAndExitsNonZero() throws Exception {
    server.http("GET", NS + "/jobs/gone/log",
        (request, reply) -> reply.status(404, "NotFound", "jobs.anvil.dev \"gone\" not found"));

    var run = CliRun.start("logs", "gone", "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: jobs.anvil.dev \"gone\" not found\n");
  }

  @Test
  void refusedCredentialsAreSaidPlainly() throws Exception {
    server.http("POST", NS + "/bmchosts/node-1/power",
        (request, reply) -> reply.status(401, "Unauthorized", "Unauthorized"));
    server.http("POST", NS + "/workflows/release/approve", (request, reply) -> reply.status(403, "Forbidden",
        "workflows.anvil.dev \"release\" is forbidden: User \"alice\" is not among the approvers of node deploy"));

    var power = CliRun.start("power", "node-1", "On", "--kubeconfig", kubeconfig);
    var approve = CliRun.start("approve", "release", "deploy", "--kubeconfig", kubeconfig);

    assertThat(power.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(power.err()).startsWith("error: Unauthorized: the apiserver did not accept the kubeconfig's");
    assertThat(approve.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(approve.err()).isEqualTo("error: Forbidden: workflows.anvil.dev \"release\" is forbidden: User "
        + "\"alice\" is not among the approvers of node deploy\n");
  }

  @Test
  void powerPrintsTheRequestAndWaitsForItsOutcome() throws Exception {
    server.http("POST", NS + "/bmchosts/node-1/power", (request, reply) -> reply.json(202, """
        {"kind":"PowerRequest","host":"node-1","action":"ForceOff","request":"ForceOff/api-1234"}"""));
    var polls = new AtomicInteger();
    server.http("GET", NS + "/bmchosts/node-1", (request, reply) -> reply.json(200, polls.incrementAndGet() < 2
        ? """
          {"status":{"requests":[{"request":"ForceOff/api-1234","action":"ForceOff","result":"Pending"}]}}"""
        : """
          {"status":{"requests":[{"request":"On/api-0000","result":"Succeeded"},
            {"request":"ForceOff/api-1234","action":"ForceOff","result":"Succeeded"}]}}"""));

    var run = CliRun.start("power", "node-1", "force-off", "--wait", "--poll-interval", "50ms",
        "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.out()).isEqualTo("bmchosts/node-1: ForceOff requested (request ForceOff/api-1234)\n"
        + "bmchosts/node-1: ForceOff succeeded\n");
    assertThat(server.requests().poll(1, SECONDS).body()).isEqualTo("{\"action\":\"ForceOff\"}");
    assertThat(polls).hasValue(2);
  }

  @Test
  void aFailedPowerRequestExitsNonZeroWithTheBmcsMessage() throws Exception {
    server.http("POST", NS + "/bmchosts/node-1/power", (request, reply) -> reply.json(202, """
        {"action":"GracefulRestart","request":"GracefulRestart/api-9"}"""));
    server.http("GET", NS + "/bmchosts/node-1", (request, reply) -> reply.json(200, """
        {"status":{"lastAction":{"request":"GracefulRestart/api-9","action":"GracefulRestart","result":"Failed",
          "message":"IPMI has no graceful restart"}}}"""));

    var run = CliRun.start("power", "node-1", "GracefulRestart", "--wait", "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(run.out()).endsWith("bmchosts/node-1: GracefulRestart failed: IPMI has no graceful restart\n");
  }

  @Test
  void approveSendsTheDecisionAndReason() throws Exception {
    server.http("POST", NS + "/workflows/release/approve", (request, reply) -> reply.json(200, """
        {"kind":"Approval","workflow":"release","node":"deploy","decision":"rejected: not today","by":"alice"}"""));

    var run = CliRun.start("approve", "release", "deploy", "--reject", "--reason", "not today",
        "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.out()).isEqualTo("workflows/release node deploy: rejected: not today by alice\n");
    assertThat(server.requests().poll(1, SECONDS).body())
        .isEqualTo("{\"node\":\"deploy\",\"decision\":\"reject\",\"reason\":\"not today\"}");
  }

  @Test
  void deadLettersListPrintsATableAndReplaySendsTheNodes() throws Exception {
    server.http("GET", NS + "/workflows/nightly/deadletters", (request, reply) -> reply.json(200, """
        {"kind":"DeadLetterList","items":[
          {"workflow":"nightly","node":"fetch","execution":"nightly-7","attempts":4,"reason":"Failed",
           "message":"exit code 1","time":"2026-11-23T10:00:00Z","replayed":false},
          {"workflow":"nightly","node":"push","attempts":1}]}"""));
    server.http("POST", NS + "/workflows/nightly/replay",
        (request, reply) -> reply.json(202, "{\"kind\":\"ReplayRequest\",\"nodes\":[\"fetch\",\"push\"]}"));

    var list = CliRun.start("dead-letters", "list", "nightly", "--kubeconfig", kubeconfig);
    assertThat(list.exit().get(10, SECONDS)).isZero();
    assertThat(list.out()).isEqualTo("""
        WORKFLOW   NODE    EXECUTION   ATTEMPTS   REASON   MESSAGE       TIME                   REPLAYED
        nightly    fetch   nightly-7   4          Failed   exit code 1   2026-11-23T10:00:00Z   false
        nightly    push    <none>      1          <none>   <none>        <none>                 <none>
        """);

    var replay = CliRun.start("dead-letters", "replay", "nightly", "fetch", "push", "--kubeconfig", kubeconfig);
    assertThat(replay.exit().get(10, SECONDS)).isZero();
    assertThat(replay.out()).isEqualTo("workflows/nightly: replay requested (fetch, push)\n");
    server.requests().poll(1, SECONDS);
    assertThat(server.requests().poll(1, SECONDS).body()).isEqualTo("{\"nodes\":[\"fetch\",\"push\"]}");
  }

  @Test
  void deadLettersOfTheNamespaceAndReplayOfAll() throws Exception {
    server.http("GET", NS + "/deadletters", (request, reply) -> reply.json(200, """
        {"kind":"DeadLetterList","items":[{"namespace":"ci","workflow":"w","node":"n"}]}"""));
    server.http("POST", NS + "/workflows/w/replay",
        (request, reply) -> reply.json(202, "{\"kind\":\"ReplayRequest\",\"nodes\":\"all\"}"));

    var list = CliRun.start("dl", "ls", "--kubeconfig", kubeconfig);
    assertThat(list.exit().get(10, SECONDS)).isZero();
    assertThat(list.out()).startsWith("WORKFLOW   NODE   EXECUTION").contains("\nw          n ");

    var replay = CliRun.start("dead-letters", "replay", "w", "--all", "--kubeconfig", kubeconfig);
    assertThat(replay.exit().get(10, SECONDS)).isZero();
    assertThat(replay.out()).isEqualTo("workflows/w: replay requested (all)\n");
    server.requests().poll(1, SECONDS);
    assertThat(server.requests().poll(1, SECONDS).body()).isEqualTo("{\"all\":true}");
  }

  @Test
  void consoleRoundTripThenCtrlRightBracketDetaches() throws Exception {
    server.webSocket(NS + "/bmchosts/node-1/console", peer -> {
      peer.sendText("{\"type\":\"opened\",\"writer\":true,\"message\":\"you have the console of node-1\"}");
      peer.sendBinary("login: ".getBytes(StandardCharsets.UTF_8));
      while (true) {
        var frame = peer.received().take();
        if (frame.opcode() != Frame.BINARY) {
          return;
        }
        peer.sendBinary(("echo:" + frame.text()).getBytes(StandardCharsets.UTF_8));
      }
    });

    var run = CliRun.start("console", "node-1", "--take-over", "--kubeconfig", kubeconfig);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(run.out()).isEqualTo("login: "));
    run.type("root\r".getBytes(StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(run.out()).endsWith("echo:root\r"));
    run.type((byte) 'x', EscapeFilter.CTRL_RIGHT_BRACKET, (byte) 'y');

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.err()).isEqualTo("[anvil] you have the console of node-1\n[anvil] detached\n");
    var peer = server.peers().poll(1, SECONDS);
    assertThat(peer.request().query()).containsEntry("mode", "write").containsEntry("takeOver", "true");
    assertThat(peer.request().header("Authorization")).isEqualTo("Bearer " + TestKubeconfig.TOKEN);
    await().atMost(Duration.ofSeconds(10)).until(() -> peer.history().stream()
        .anyMatch(frame -> frame.opcode() == Frame.CLOSE));
    // "x" before the escape went to the host; the escape and "y" after it did not
    assertThat(peer.history().stream().filter(frame -> frame.opcode() == Frame.BINARY).map(Frame::text))
        .containsExactly("root\r", "x");
    assertThat(peer.history().get(peer.history().size() - 1).closeCode()).isEqualTo(1000);
  }

  @Test
  void readOnlyConsoleShowsTheRoleAndSendsNoKeystrokes() throws Exception {
    server.webSocket(NS + "/bmchosts/node-1/console", peer -> {
      peer.sendText("{\"type\":\"role\",\"writer\":false,\"message\":\"alice has the console\"}");
      peer.sendBinary("boot ok\n".getBytes(StandardCharsets.UTF_8));
    });

    var run = CliRun.start("console", "node-1", "--read-only", "--kubeconfig", kubeconfig);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(run.out()).isEqualTo("boot ok\n"));
    run.type("ls\n".getBytes(StandardCharsets.UTF_8));
    run.type(EscapeFilter.CTRL_C);

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.err()).isEqualTo("[anvil] read-only: alice has the console\n[anvil] detached\n");
    var peer = server.peers().poll(1, SECONDS);
    assertThat(peer.request().query()).containsEntry("mode", "read").doesNotContainKey("takeOver");
    await().atMost(Duration.ofSeconds(10)).until(() -> !peer.history().isEmpty());
    assertThat(peer.history()).extracting(Frame::opcode).containsExactly(Frame.CLOSE);
  }

  @Test
  void consoleClosedByTheServerPrintsTheReasonAndExitsOne() throws Exception {
    server.webSocket(NS + "/bmchosts/node-1/console", peer -> {
      peer.sendText("{\"type\":\"closed\",\"reason\":\"TakenOver\",\"message\":\"bob took over the console\"}");
      peer.sendClose(1008, "taken over by bob");
    });

    var run = CliRun.start("console", "node-1", "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(run.err()).isEqualTo("[anvil] closed: bob took over the console\n"
        + "[anvil] console closed (1008): taken over by bob\n");
  }

  @Test
  void consoleRefusedAtTheHandshakeSaysWhy() throws Exception {
    var run = CliRun.start("console", "missing", "--kubeconfig", kubeconfig);

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(run.err()).startsWith("error: ");
  }

  @Test
  void vncForwardsEachViewerOverItsOwnWebSocket() throws Exception {
    server.http("GET", NS + "/bmchosts/node-1", (request, reply) -> reply.json(200, "{\"kind\":\"BmcHost\"}"));
    server.webSocket(NS + "/bmchosts/node-1/vnc", peer -> {
      peer.sendBinary("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
      while (true) {
        var frame = peer.received().take();
        if (frame.opcode() != Frame.BINARY) {
          return;
        }
        peer.sendBinary(frame.payload());
      }
    });

    var run = CliRun.start("vnc", "node-1", "--listen", "127.0.0.1:0", "--kubeconfig", kubeconfig);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(run.out())
        .matches("Forwarding 127\\.0\\.0\\.1:\\d+ -> bmchosts/node-1 VNC\n"));
    var port = Integer.parseInt(run.out().replaceAll("(?s)^Forwarding 127\\.0\\.0\\.1:(\\d+) .*$", "$1"));

    for (int viewer = 0; viewer < 2; viewer++) {
      try (var socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(10_000);
        var in = socket.getInputStream();
        assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
        var bytes = new byte[100_000];
        Arrays.fill(bytes, (byte) (viewer + 1));
        socket.getOutputStream().write(bytes);
        assertThat(in.readNBytes(bytes.length)).isEqualTo(bytes);
      }
    }
    server.requests().poll(1, SECONDS);
    var upgrade = server.requests().poll(1, SECONDS);
    assertThat(upgrade.header("Sec-WebSocket-Protocol")).isEqualTo("binary");
    assertThat(server.peers()).hasSize(2);
    assertThat(run.exit()).isNotDone();
  }
}
