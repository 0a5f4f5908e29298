package dev.anvil.apiserver.console;

import com.google.protobuf.ByteString;
import dev.anvil.protocol.AgentAuthorization;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.ConsoleClosed;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.agent.v1.ConsoleRole;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.HubMessage;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent on the hub's real gRPC stream that relays a console of its own: it echoes each writer's input to every
 * stream of the host, upper-cased (so a test tells the echo from what it typed), and makes the first writer of a
 * host its writer, the rest readers. What the real agent does with SOL is tested in the agent and e2e modules.
 */
final class ConsoleAgentStandIn implements AutoCloseable {

  private record Stream(String id, String host, boolean writer, AtomicLong outputSeq) {
  }

  private final ManagedChannel channel;
  private final StreamObserver<AgentMessage> toHub;
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();
  final List<ConsoleRequest> received = new CopyOnWriteArrayList<>();
  volatile String closeAnswer;

  ConsoleAgentStandIn(int hubPort, String token, String agentId) {
    channel = NettyChannelBuilder.forAddress("127.0.0.1", hubPort).usePlaintext().build();
    var stub = AgentHubGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AgentAuthorization.headers(token)));
    toHub = stub.connect(new StreamObserver<>() {
      @Override
      public void onNext(HubMessage message) {
        if (message.hasConsole()) {
          console(message.getConsole());
        }
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onCompleted() {
      }
    });
    send(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId(agentId).setDatacenter("lab")
        .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION).addFeatures(Features.CONSOLE_SERIAL)).build());
  }

  private synchronized void send(AgentMessage message) {
    toHub.onNext(message);
  }

  private void console(ConsoleRequest request) {
    received.add(request);
    var id = request.getStreamId();
    switch (request.getKindCase()) {
      case OPEN -> {
        if (closeAnswer != null) {
          event(id, ConsoleEvent.newBuilder().setClosed(ConsoleClosed.newBuilder().setReason(closeAnswer)
              .setMessage("the stand-in was told to refuse")));
          return;
        }
        var host = request.getOpen().getHostUid();
        var writer = request.getOpen().getWrite()
            && streams.values().stream().noneMatch(s -> s.host().equals(host) && s.writer());
        streams.put(id, new Stream(id, host, writer, new AtomicLong()));
        event(id, ConsoleEvent.newBuilder().setOpened(ConsoleRole.newBuilder().setWriter(writer)
            .setMessage(writer ? "you have the console" : "read-only: another viewer has the console")));
      }
      case INPUT -> {
        var from = streams.get(id);
        if (from == null || !from.writer()) {
          return;
        }
        var echo = request.getInput().getData().toStringUtf8().toUpperCase(java.util.Locale.ROOT);
        for (var stream : streams.values()) {
          if (stream.host().equals(from.host())) {
            event(stream.id(), ConsoleEvent.newBuilder().setOutput(ConsoleData.newBuilder()
                .setSeq(stream.outputSeq().incrementAndGet()).setData(ByteString.copyFromUtf8(echo))));
          }
        }
      }
      case CLOSE -> streams.remove(id);
      default -> {
      }
    }
  }

  /** Output on a stream with a sequence number of the test's choosing (to make a gap). */
  void output(String streamId, long seq, String text) {
    event(streamId, ConsoleEvent.newBuilder().setOutput(ConsoleData.newBuilder().setSeq(seq)
        .setData(ByteString.copyFromUtf8(text))));
  }

  List<String> openStreams() {
    return List.copyOf(streams.keySet());
  }

  private void event(String streamId, ConsoleEvent.Builder event) {
    send(AgentMessage.newBuilder().setConsole(event.setStreamId(streamId)).build());
  }

  /** Drops the stream, as an agent that dies does. */
  @Override
  public void close() {
    channel.shutdownNow();
  }
}
