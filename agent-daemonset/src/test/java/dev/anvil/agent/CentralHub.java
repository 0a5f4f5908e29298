package dev.anvil.agent;

import dev.anvil.apiserver.hub.AgentHub;
import dev.anvil.apiserver.hub.BootstrapTokenWatch;
import dev.anvil.apiserver.hub.BootstrapTokens;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * The platform side of the agent ITs: a real hub (the apiserver's public classes) on a loopback port, its central
 * Redis, and the embedded Kubernetes API holding the bootstrap-token Secret it watches.
 */
final class CentralHub implements AutoCloseable {

  static final String TOKEN = "bootstrap-4be2d91c";
  static final HubProperties PROPERTIES = HubProperties.defaults()
      .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
      .withReplicaId("hub-it");

  final RedisProcess redis = RedisProcess.start();
  final EmbeddedKubeApi kube = EmbeddedKubeApi.start();
  final KubernetesClient kubernetes = kube.newClient();
  final RedisClient client = RedisClient.create(redis.uri());
  final StatefulRedisConnection<String, String> strings = client.connect();
  final StatefulRedisConnection<String, byte[]> bytes =
      client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  private final BootstrapTokens tokens = new BootstrapTokens();
  private final BootstrapTokenWatch watch;
  private final AgentHub hub;
  private Server server;
  private int port;

  CentralHub() {
    var secret = new HubProperties.BootstrapSecret("anvil-agent-bootstrap", "anvil-system", "token");
    kubernetes.secrets().inNamespace("anvil-system").resource(new SecretBuilder()
        .withNewMetadata().withName("anvil-agent-bootstrap").withNamespace("anvil-system").endMetadata()
        .withStringData(Map.of("token", TOKEN)).build()).create();
    watch = new BootstrapTokenWatch(kubernetes, secret, tokens);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tokens.accepts(TOKEN));
    hub = new AgentHub(PROPERTIES, client, kubernetes, tokens);
    startServer();
  }

  int port() {
    return port;
  }

  /** Stops the gRPC server: every agent stream ends at once, as when the replica's pod dies. */
  synchronized void stopServer() {
    server.shutdownNow();
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the gRPC server again on the same port (the first start picks a free one). */
  synchronized void startServer() {
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
          .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES).addService(hub).build().start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    hub.close();
    watch.close();
    strings.close();
    bytes.close();
    client.shutdown();
    kubernetes.close();
    kube.close();
    redis.close();
  }
}
