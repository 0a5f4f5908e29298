package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.ConsoleEndpoints;
import dev.anvil.e2e.platform.ConsoleViewer;
import dev.anvil.e2e.platform.FrontDoor;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.sim.vnc.VncTestServer;
import dev.anvil.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consoles through every part: a WebSocket on the apiserver → Redis pub/sub → the hub replica holding the agent's
 * stream (another one than the apiserver's) → the agent → IPMI SOL on ipmi_sim, or VNC on a small RFB server, and
 * back. The host's serial port echoes what it receives ({@code echo:<bytes>}).
 */
class ConsoleChainE2E {

  private static final String DATACENTER = "dc-c";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static ChainPlatform platform;
  private static AnvilOperator operator;
  private static FrontDoor door;
  private static IpmiSimulator ipmi;
  private static VncTestServer vnc;

  @BeforeAll
  static void start(@TempDir Path temp) throws Exception {
    var central = RedisProcess.start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-console"));
    ipmi = IpmiSimulator.start();
    vnc = VncTestServer.start();
    platform.connectedAgent("agent-console", DATACENTER, 1, temp);
    operator = platform.operator(OperatorConfig.local().withAgentBus(central.uri(), Duration.ofSeconds(3)));
    door = FrontDoor.start(platform.kubernetes, platform.kube.url(), central.uri());
    var console = new ConsoleEndpoints();
    console.setVnc(vnc.address());
    platform.servedIpmiHost("node-c1", DATACENTER, ipmi, console);
  }

  @AfterAll
  static void stop() throws Exception {
    ChainPlatform.closeAll(door, operator, platform, ipmi, vnc);
  }


  @Test
  void typedBytesReachTheHostsSerialPortAndItsEchoReachesEveryViewer() throws Exception {
    var writer = open("console", null);
    writer.awaitNotice("\"writer\":true", WAIT);
    var reader = open("console?mode=read", null);
    reader.awaitNotice("\"writer\":false", WAIT);

    writer.send("uname -a\r".getBytes(StandardCharsets.US_ASCII));
    reader.send("rm -rf /\r".getBytes(StandardCharsets.US_ASCII));

    await().atMost(Duration.ofSeconds(15)).until(() -> ipmi.hostReceived().contains("uname -a\r"));
    writer.awaitOutput(text -> text.replace("echo:", "").contains("uname -a"), WAIT);
    reader.awaitOutput(text -> text.replace("echo:", "").contains("uname -a"), WAIT);
    assertThat(ipmi.hostReceived()).doesNotContain("rm -rf");

    ipmi.hostWrites("login: ");
    writer.awaitOutput(text -> text.contains("login: "), WAIT);
    reader.awaitOutput(text -> text.contains("login: "), WAIT);
    writer.close();
    reader.close();
  }

  @Test
  void theVncHandshakeCompletesThroughTheRelay() throws Exception {
    var viewer = open("vnc", "binary");
    assertThat(viewer.socket().getSubprotocol()).isEqualTo("binary");
    awaitBytes(viewer, 12);
    assertThat(new String(viewer.bytes(), 0, 12, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
    viewer.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    awaitBytes(viewer, 12 + 2); // security types: count, then None (1)
    assertThat(viewer.bytes()[12]).isEqualTo((byte) 1);
    assertThat(viewer.bytes()[13]).isEqualTo((byte) 1);
    viewer.send(new byte[] {1});
    awaitBytes(viewer, 14 + 4); // SecurityResult OK
    assertThat(ByteBuffer.wrap(viewer.bytes(), 14, 4).getInt()).isZero();
    viewer.send(new byte[] {1}); // ClientInit, shared
    var name = VncTestServer.NAME.getBytes(StandardCharsets.US_ASCII);
    awaitBytes(viewer, 18 + 24 + name.length);
    var init = ByteBuffer.wrap(viewer.bytes(), 18, 24 + name.length);
    assertThat(init.getShort()).isEqualTo((short) VncTestServer.WIDTH);
    assertThat(init.getShort()).isEqualTo((short) VncTestServer.HEIGHT);
    assertThat(new String(viewer.bytes(), 18 + 24, name.length, StandardCharsets.US_ASCII)).isEqualTo(VncTestServer.NAME);
    viewer.close();
  }

  private static void awaitBytes(ConsoleViewer viewer, int count) throws InterruptedException {
    viewer.awaitOutput(text -> text.length() >= count, WAIT);
  }

  private static ConsoleViewer open(String subresource, String subprotocol) throws Exception {
    return ConsoleViewer.open(door.url(), FrontDoor.ADMIN_TOKEN, ChainPlatform.NAMESPACE, "node-c1", subresource,
        subprotocol);
  }
}
