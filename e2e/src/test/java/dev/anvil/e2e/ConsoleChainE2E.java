package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.ConsoleEndpoints;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.e2e.platform.FrontDoor;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.sim.vnc.VncTestServer;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lettuce.core.RedisClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
    platform.kubernetes.resource(new SecretBuilder().withNewMetadata().withNamespace(ChainPlatform.NAMESPACE)
        .withName("ipmi-bmc").endMetadata().withStringData(Map.of("username", IpmiSimulator.USER, "password",
            IpmiSimulator.PASSWORD)).build()).create();
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://127.0.0.1:" + ipmi.port());
    spec.setCredentialsSecretRef(new SecretRef("ipmi-bmc"));
    spec.setDatacenter(DATACENTER);
    spec.setPollInterval("5s");
    var console = new ConsoleEndpoints();
    console.setVnc(vnc.address());
    spec.setConsole(console);
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace(ChainPlatform.NAMESPACE).withName("node-c1").build());
    host.setSpec(spec);
    platform.kubernetes.resource(host).create();
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      var served = platform.kubernetes.resources(BmcHost.class).inNamespace(ChainPlatform.NAMESPACE)
          .withName("node-c1").get();
      return served.getStatus() != null && "agent-console".equals(served.getStatus().getAgent())
          && served.getStatus().getPowerState() != null;
    });
  }

  @AfterAll
  static void stop() {
    if (door != null) {
      door.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (platform != null) {
      platform.close();
    }
    if (ipmi != null) {
      ipmi.close();
    }
    if (vnc != null) {
      vnc.close();
    }
  }

  @Test
  void typedBytesReachTheHostsSerialPortAndItsEchoReachesEveryViewer() throws Exception {
    var writer = Viewer.open("console", null);
    writer.awaitNotice("\"writer\":true");
    var reader = Viewer.open("console?mode=read", null);
    reader.awaitNotice("\"writer\":false");

    writer.send("uname -a\r".getBytes(StandardCharsets.US_ASCII));
    reader.send("rm -rf /\r".getBytes(StandardCharsets.US_ASCII));

    await().atMost(Duration.ofSeconds(15)).until(() -> ipmi.hostReceived().contains("uname -a\r"));
    writer.awaitOutput("echo:");
    await().atMost(Duration.ofSeconds(15)).until(() -> writer.text().replace("echo:", "").contains("uname -a"));
    await().atMost(Duration.ofSeconds(15)).until(() -> reader.text().replace("echo:", "").contains("uname -a"));
    assertThat(ipmi.hostReceived()).doesNotContain("rm -rf");

    ipmi.hostWrites("login: ");
    writer.awaitOutput("login: ");
    reader.awaitOutput("login: ");
    writer.close();
    reader.close();
  }

  @Test
  void theVncHandshakeCompletesThroughTheRelay() throws Exception {
    var viewer = Viewer.open("vnc", "binary");
    assertThat(viewer.socket.getSubprotocol()).isEqualTo("binary");
    viewer.awaitBytes(12);
    assertThat(new String(viewer.bytes(), 0, 12, StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
    viewer.send("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
    viewer.awaitBytes(12 + 2); // security types: count, then None (1)
    assertThat(viewer.bytes()[12]).isEqualTo((byte) 1);
    assertThat(viewer.bytes()[13]).isEqualTo((byte) 1);
    viewer.send(new byte[] {1});
    viewer.awaitBytes(14 + 4); // SecurityResult OK
    assertThat(ByteBuffer.wrap(viewer.bytes(), 14, 4).getInt()).isZero();
    viewer.send(new byte[] {1}); // ClientInit, shared
    var name = VncTestServer.NAME.getBytes(StandardCharsets.US_ASCII);
    viewer.awaitBytes(18 + 24 + name.length);
    var init = ByteBuffer.wrap(viewer.bytes(), 18, 24 + name.length);
    assertThat(init.getShort()).isEqualTo((short) VncTestServer.WIDTH);
    assertThat(init.getShort()).isEqualTo((short) VncTestServer.HEIGHT);
    assertThat(new String(viewer.bytes(), 18 + 24, name.length, StandardCharsets.US_ASCII)).isEqualTo(VncTestServer.NAME);
    viewer.close();
  }

  /** A WebSocket viewer of host node-c1 with the admin API key. */
  private static final class Viewer implements WebSocket.Listener {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> notices = new CopyOnWriteArrayList<>();
    private WebSocket socket;

    static Viewer open(String subresource, String protocol) throws Exception {
      var viewer = new Viewer();
      var builder = HttpClient.newHttpClient().newWebSocketBuilder()
          .header("Authorization", "Bearer " + FrontDoor.ADMIN_TOKEN);
      if (protocol != null) {
        builder.subprotocols(protocol);
      }
      viewer.socket = builder.buildAsync(URI.create(door.url().replaceFirst("^http", "ws")
          + "/apis/anvil.dev/v1alpha1/namespaces/" + ChainPlatform.NAMESPACE + "/bmchosts/node-c1/" + subresource),
          viewer).get(15, TimeUnit.SECONDS);
      return viewer;
    }

    void send(byte[] bytes) {
      socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    synchronized byte[] bytes() {
      return output.toByteArray();
    }

    String text() {
      return new String(bytes(), StandardCharsets.ISO_8859_1);
    }

    void awaitBytes(int count) {
      await().atMost(Duration.ofSeconds(15)).until(() -> bytes().length >= count);
    }

    void awaitOutput(String text) {
      await().atMost(Duration.ofSeconds(15)).until(() -> text().contains(text));
    }

    void awaitNotice(String fragment) {
      await().atMost(Duration.ofSeconds(20)).until(() -> notices.stream().anyMatch(n -> n.contains(fragment)));
    }

    void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      var bytes = new byte[data.remaining()];
      data.get(bytes);
      synchronized (this) {
        output.write(bytes, 0, bytes.length);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      notices.add(data.toString());
      webSocket.request(1);
      return null;
    }
  }
}
