package dev.anvil.apiserver.hub;

import dev.anvil.protocol.AgentAuthorization;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.HubMessage;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;

/** One hub replica on a real gRPC server on a free loopback port, and agent-side stubs that dial it. */
final class HubServer implements AutoCloseable {

  private final AgentHub hub;
  private final Server server;
  private final ManagedChannel channel;

  HubServer(HubProperties properties, RedisClient redis, KubernetesClient kubernetes, BootstrapTokens tokens) {
    hub = new AgentHub(properties, redis, kubernetes, tokens);
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES)
          .addService(hub)
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES).build();
  }

  static BootstrapTokens tokens(String... tokens) {
    var accepted = new BootstrapTokens();
    accepted.replace(List.of(tokens));
    return accepted;
  }

  AgentHub hub() {
    return hub;
  }

  /** Opens an agent stream with {@code token} (null for no authorization header). */
  StreamObserver<AgentMessage> connect(String token, Inbox<HubMessage> inbox) {
    var stub = AgentHubGrpc.newStub(channel);
    if (token != null) {
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AgentAuthorization.headers(token)));
    }
    return stub.connect(inbox);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    hub.close();
    server.shutdownNow();
  }
}
