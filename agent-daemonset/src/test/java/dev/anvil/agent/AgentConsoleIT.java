package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.BmcCredentials;
import dev.anvil.protocol.agent.v1.BmcHostRef;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleEvent.KindCase;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import dev.anvil.protocol.agent.v1.ConsoleOpen;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.agent.v1.ReleaseBmcHost;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.sim.vnc.VncTestServer;
import dev.anvil.testing.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consoles through the agent's real hub stream: a served BmcHost (ipmi_sim for SOL, VncTestServer for VNC), console
 * requests in and events out on the same gRPC stream as everything else, and every console gone with the stream.
 */
class AgentConsoleIT {

  private static final String HOST_UID = "5b1f0d2e-console-it";
  private static IpmiSimulator sim;
  private static VncTestServer vnc;
  private static RedisProcess local;

  @TempDir
  Path work;

  @BeforeAll
  static void startPeers() {
    sim = IpmiSimulator.start();
    vnc = VncTestServer.start();
    local = RedisProcess.start();
  }

  @AfterAll
  static void stopPeers() {
    local.close();
    vnc.close();
    sim.close();
  }

  private AgentConfig config(ConsoleHub hub) {
    var env = new HashMap<String, String>();
    env.put("ANVIL_AGENT_ID", "agent-console");
    env.put("ANVIL_DATACENTER", "dc-a");
    env.put("ANVIL_HUB_ADDRESS", "127.0.0.1:" + hub.port());
    env.put("ANVIL_HUB_PLAINTEXT", "true");
    env.put("ANVIL_AGENT_TOKEN", "console-it-token");
    env.put("ANVIL_LOCAL_REDIS", local.uri());
    env.put("ANVIL_WORK_DIR", work.toString());
    return AgentConfig.fromEnv(env);
  }

  private static Command.Builder serve() {
    return Command.newBuilder().setServeBmcHost(ServeBmcHost.newBuilder()
        .setHost(BmcHostRef.newBuilder().setNamespace("lab").setName("sim-1").setUid(HOST_UID))
        .setConfigVersion("v1").setAddress("ipmi://127.0.0.1:" + sim.port())
        .setCredentials(BmcCredentials.newBuilder().setUsername(IpmiSimulator.USER)
            .setPassword(IpmiSimulator.PASSWORD))
        .setIpmiAdministrator(true).setPollInterval(com.google.protobuf.Duration.newBuilder().setSeconds(60))
        .setConsoleVncAddress(vnc.address()));
  }

  private static ConsoleRequest open(String stream, ConsoleKind kind) {
    return ConsoleRequest.newBuilder().setStreamId(stream).setOpen(ConsoleOpen.newBuilder().setHostUid(HOST_UID)
        .setKind(kind).setUser("alice").setWrite(true)).build();
  }

  private static ConsoleRequest input(String stream, long seq, String text) {
    return ConsoleRequest.newBuilder().setStreamId(stream).setInput(ConsoleData.newBuilder().setSeq(seq)
        .setData(ByteString.copyFrom(text, StandardCharsets.ISO_8859_1))).build();
  }

  @Test
  void consolesRunOnTheHubStreamAndEndWithIt() {
    var logs = new CapturedLogs();
    try (logs; var hub = new ConsoleHub();
        var agent = Agent.start(config(hub), AgentFixture.FAST)) {
      hub.awaitStream();
      assertThat(hub.hellos.get(0).getFeaturesList()).contains(Features.CONSOLE_SERIAL, Features.CONSOLE_VNC);
      hub.command(serve());

      hub.console(open("serial-1", ConsoleKind.SERIAL));
      assertThat(hub.awaitEvent("serial-1", KindCase.OPENED).getOpened().getWriter()).isTrue();
      hub.console(input("serial-1", 1, "root\r"));
      await().atMost(ConsoleHub.WAIT).untilAsserted(() -> assertThat(hub.output("serial-1")).endsWith("echo:root\r"));

      hub.console(open("vnc-1", ConsoleKind.VNC));
      hub.awaitEvent("vnc-1", KindCase.OPENED);
      await().atMost(ConsoleHub.WAIT).untilAsserted(() -> assertThat(hub.output("vnc-1"))
          .isEqualTo(VncTestServer.PROTOCOL_VERSION));

      hub.dropStream();

      await().atMost(ConsoleHub.WAIT).until(() -> agent.consoles().openStreams() == 0);
      await().atMost(ConsoleHub.WAIT).until(() -> vnc.openConnections() == 0);
      assertThat(hub.of("serial-1")).noneMatch(e -> e.hasClosed());

      // the agent dials again; SOL was deactivated with the old stream, so a new viewer activates it at once
      await().atMost(ConsoleHub.WAIT).until(() -> hub.hellos.size() == 2);
      hub.awaitStream();
      hub.console(open("serial-2", ConsoleKind.SERIAL));
      hub.awaitEvent("serial-2", KindCase.OPENED);
      hub.console(input("serial-2", 1, "again\r"));
      await().atMost(ConsoleHub.WAIT).untilAsserted(() -> assertThat(hub.output("serial-2"))
          .endsWith("echo:again\r"));

      hub.command(Command.newBuilder().setReleaseBmcHost(ReleaseBmcHost.newBuilder().setHostUid(HOST_UID)
          .setReason("moved")));

      var closed = hub.awaitEvent("serial-2", KindCase.CLOSED).getClosed();
      assertThat(closed.getReason()).isEqualTo("NOT_SERVED");
      hub.console(open("serial-3", ConsoleKind.SERIAL));
      assertThat(hub.awaitEvent("serial-3", KindCase.CLOSED).getClosed().getReason()).isEqualTo("NOT_SERVED");
    }
    assertThat(logs.lines()).anyMatch(line -> line.contains("serial console of BmcHost lab/sim-1"))
        .noneMatch(line -> line.contains(IpmiSimulator.PASSWORD));
  }
}
