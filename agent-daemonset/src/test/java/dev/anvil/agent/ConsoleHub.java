package dev.anvil.agent;

import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Welcome;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hub for the console ITs, speaking the agent protocol's session part only (the real hub has no console frames
 * yet): welcomes every stream, forwards commands and console requests to the latest one, records the console events.
 */
final class ConsoleHub implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  final List<Hello> hellos = new CopyOnWriteArrayList<>();
  final List<ConsoleEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicLong commandSeq = new AtomicLong();
  private final Server server;
  private volatile StreamObserver<HubMessage> current;

  ConsoleHub() {
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES)
        .addService(new AgentHubGrpc.AgentHubImplBase() {
          @Override
          public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> toAgent) {
            return new StreamObserver<>() {
              @Override
              public void onNext(AgentMessage message) {
                switch (message.getBodyCase()) {
                  case HELLO -> {
                    hellos.add(message.getHello());
                    synchronized (toAgent) {
                      toAgent.onNext(HubMessage.newBuilder().setWelcome(Welcome.newBuilder()
                          .setSessionId("session-" + hellos.size()).setProtocolVersion(1)
                          .setHeartbeatInterval(com.google.protobuf.Duration.newBuilder().setSeconds(1))).build());
                    }
                    current = toAgent;
                  }
                  case CONSOLE -> events.add(message.getConsole());
                  default -> {
                    // acks, heartbeats, reports: not this hub's business
                  }
                }
              }

              @Override
              public void onError(Throwable t) {
              }

              @Override
              public void onCompleted() {
                synchronized (toAgent) {
                  toAgent.onCompleted();
                }
              }
            };
          }
        }).build();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getPort();
  }

  /** Sends a command with the next command_seq to the agent's current stream. */
  void command(Command.Builder command) {
    send(HubMessage.newBuilder().setCommand(command.setCommandSeq(commandSeq.incrementAndGet())).build());
  }

  void console(ConsoleRequest request) {
    send(HubMessage.newBuilder().setConsole(request).build());
  }

  private void send(HubMessage message) {
    var stream = current;
    synchronized (stream) {
      stream.onNext(message);
    }
  }

  /** Ends the agent's stream from the hub's side, as a hub replica dying would. */
  void dropStream() {
    var stream = current;
    current = null;
    synchronized (stream) {
      stream.onError(Status.UNAVAILABLE.withDescription("hub replica gone").asRuntimeException());
    }
  }

  /** Waits until the agent has a welcomed stream. */
  void awaitStream() {
    await().atMost(WAIT).until(() -> current != null);
  }

  List<ConsoleEvent> of(String streamId) {
    return events.stream().filter(e -> e.getStreamId().equals(streamId)).toList();
  }

  ConsoleEvent awaitEvent(String streamId, ConsoleEvent.KindCase kind) {
    return await().atMost(WAIT).until(() -> of(streamId).stream().filter(e -> e.getKindCase() == kind).findFirst(),
        Optional::isPresent).get();
  }

  String output(String streamId) {
    var text = new StringBuilder();
    for (var event : of(streamId)) {
      if (event.hasOutput()) {
        text.append(event.getOutput().getData().toString(java.nio.charset.StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
