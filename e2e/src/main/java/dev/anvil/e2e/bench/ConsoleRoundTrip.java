package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.e2e.platform.AgentStack;
import dev.anvil.e2e.platform.ConsoleViewer;
import dev.anvil.e2e.platform.FrontDoor;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * A keystroke's round trip through every part: WebSocket → apiserver → Redis → hub → agent → IPMI SOL → ipmi_sim →
 * the host's serial port, whose echo comes back the same way. The whole platform runs in this process on loopback.
 */
final class ConsoleRoundTrip {

  private ConsoleRoundTrip() {
  }

  static void run(int keystrokes, PrintStream out) throws Exception {
    try (var kube = EmbeddedKubeApi.start(); var client = kube.newClient();
        var agents = AgentStack.start(client, out, 1, null);
        var operator = AnvilOperator.start(client, OperatorConfig.local()
            .withAgentBus(agents.busUri(), OperatorConfig.DEFAULT_AGENT_HEARTBEAT_TIMEOUT));
        var door = FrontDoor.start(client, kube.url(), agents.busUri()); var ipmi = IpmiSimulator.start()) {
      client.secrets().inNamespace("bench").resource(new SecretBuilder().withNewMetadata().withName("bmc")
          .endMetadata().withStringData(Map.of("username", IpmiSimulator.USER, "password", IpmiSimulator.PASSWORD))
          .build()).create();
      var spec = new BmcHostSpec();
      spec.setAddress("ipmi://127.0.0.1:" + ipmi.port());
      spec.setCredentialsSecretRef(new SecretRef("bmc"));
      spec.setDatacenter(AgentStack.DATACENTER);
      var host = new BmcHost();
      host.setMetadata(new ObjectMetaBuilder().withNamespace("bench").withName("sol-1").build());
      host.setSpec(spec);
      client.resource(host).create();
      awaitServed(client);

      var viewer = ConsoleViewer.open(door.url(), FrontDoor.ADMIN_TOKEN, "bench", "sol-1", "console", null);
      viewer.awaitNotice("opened", Duration.ofSeconds(30));
      var warmup = Math.min(50, keystrokes);
      var nanos = new long[keystrokes];
      for (int i = -warmup; i < keystrokes; i++) {
        var key = (byte) ('a' + Math.floorMod(i, 26));
        var echoes = count(viewer.text(), "echo:");
        var t0 = System.nanoTime();
        viewer.send(new byte[] {key});
        viewer.awaitOutput(text -> count(text, "echo:") > echoes, Duration.ofSeconds(10));
        if (i >= 0) {
          nanos[i] = System.nanoTime() - t0;
        }
      }
      viewer.close();
      var latencies = Latencies.sequential(nanos);
      new MarkdownTable("console round trip (keystroke → echo)", "keystrokes", "p50 ms", "p90 ms", "p99 ms",
          "keystrokes/s")
          .row("WebSocket → apiserver → Redis → hub → agent → SOL → ipmi_sim and back", keystrokes,
              MarkdownTable.number(latencies.millis(50), 2), MarkdownTable.number(latencies.millis(90), 2),
              MarkdownTable.number(latencies.millis(99), 2), MarkdownTable.number(latencies.perSecond(), 0))
          .print(out);
    }
  }

  private static void awaitServed(io.fabric8.kubernetes.client.KubernetesClient client) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      var host = client.resources(BmcHost.class).inNamespace("bench").withName("sol-1").get();
      if (host.getStatus() != null && host.getStatus().getAgent() != null && host.getStatus().getPowerState() != null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the BmcHost was not served within 60 s");
      }
      Thread.sleep(100);
    }
  }

  private static int count(String text, String what) {
    var count = 0;
    for (var at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
      count++;
    }
    return count;
  }
}
