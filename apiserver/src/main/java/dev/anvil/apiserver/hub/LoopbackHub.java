package dev.anvil.apiserver.hub;

import dev.anvil.protocol.AgentProtocol;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hub outside Spring, on a plaintext loopback port, learning its agent token from the bootstrap Secret as in a
 * cluster: what the embedded platform ({@code bin/run}) and the tests of the agent and the whole chain run.
 */
public final class LoopbackHub implements AutoCloseable {

  /** The bootstrap Secret the chart creates: {@code anvil-system/anvil-agent-bootstrap}, key {@code token}. */
  public static final HubProperties.BootstrapSecret SECRET =
      new HubProperties.BootstrapSecret("anvil-agent-bootstrap", "anvil-system", "token");
  private static final Duration TOKEN_WAIT = Duration.ofSeconds(10);

  private final BootstrapTokenWatch watch;
  private final AgentHub hub;
  private Server server;
  private int port;

  private LoopbackHub(BootstrapTokenWatch watch, AgentHub hub) {
    this.watch = watch;
    this.hub = hub;
  }

  /**
   * Writes {@code token} into the bootstrap Secret, waits until the hub's watch has learned it, and serves the hub on
   * a free loopback port. Fails with IllegalStateException when the token is not learned in time.
   */
  public static LoopbackHub start(KubernetesClient kubernetes, RedisClient redis, HubProperties properties,
      String token) {
    kubernetes.secrets().inNamespace(SECRET.namespace()).resource(new SecretBuilder()
        .withNewMetadata().withName(SECRET.name()).withNamespace(SECRET.namespace()).endMetadata()
        .withStringData(Map.of(SECRET.key(), token)).build()).createOrReplace();
    var tokens = new BootstrapTokens();
    var watch = new BootstrapTokenWatch(kubernetes, SECRET, tokens);
    var loopback = new LoopbackHub(watch, new AgentHub(properties, redis, kubernetes, tokens));
    try {
      awaitToken(tokens, token);
      loopback.startServer();
    } catch (RuntimeException e) {
      loopback.close();
      throw e;
    }
    return loopback;
  }

  // startup only: the watch offers no event to wait on
  private static void awaitToken(BootstrapTokens tokens, String token) {
    var deadline = System.nanoTime() + TOKEN_WAIT.toNanos();
    while (!tokens.accepts(token)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the hub did not learn the bootstrap token within " + TOKEN_WAIT.toSeconds()
            + "s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the bootstrap token", e);
      }
    }
  }

  public int port() {
    return port;
  }

  public AgentHub hub() {
    return hub;
  }

  /** Stops the gRPC server: every agent stream ends at once, as when the replica's pod dies. */
  public synchronized void stopServer() {
    server.shutdownNow();
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the gRPC server, on the same port after {@link #stopServer()} (the first start picks a free one). */
  public synchronized void startServer() {
    try {
      // the keepalive policy of the apiserver's hub (application.properties): agents ping every 30s, and gRPC's
      // default (one ping per 5 minutes) would end an idle agent's stream with GOAWAY too_many_pings at the third
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
          .permitKeepAliveTime(10, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
          .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES).addService(hub).build().start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the agent hub on 127.0.0.1:" + port, e);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdownNow();
    }
    hub.close();
    watch.close();
  }
}
