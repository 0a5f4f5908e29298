package dev.anvil.apiserver.hub;

import dev.anvil.protocol.agent.v1.ConsoleClose;
import dev.anvil.protocol.agent.v1.ConsoleClosed;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.bus.BusKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' end of the console relay on this replica: console frames for an agent whose stream is held here
 * arrive on its pub/sub channel (subscribed while the stream is held) and go down the stream; the agent's frames go
 * to the viewer's channel, wherever its WebSocket is. A frame for a viewer nobody listens to any more makes the
 * agent close that stream; an agent stream that ends closes its console streams for their viewers.
 */
public final class AgentConsoles implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentConsoles.class);
  static final String AGENT_DISCONNECTED = "AGENT_DISCONNECTED";

  private final StatefulRedisPubSubConnection<String, byte[]> subscriptions;
  private final RedisAsyncCommands<String, byte[]> publisher;
  private final LocalSessions sessions;
  /** The console streams open through each agent stream held here, to close for their viewers when it ends. */
  private final ConcurrentHashMap<AgentSession, Set<String>> openStreams = new ConcurrentHashMap<>();

  AgentConsoles(RedisClient redis, RedisAsyncCommands<String, byte[]> publisher, LocalSessions sessions) {
    this.subscriptions = redis.connectPubSub(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    this.publisher = publisher;
    this.sessions = sessions;
    subscriptions.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        toAgent(channel.substring(BusKeys.consoleToAgent("").length()), message);
      }
    });
  }

  /** The agent's stream is held here now: its console frames are wanted. */
  synchronized void attach(AgentSession session) {
    subscriptions.async().subscribe(BusKeys.consoleToAgent(session.agentId()));
  }

  /**
   * The agent's stream here ended (the agent ends its consoles with it): their viewers are told, and the agent's
   * frames go to whoever holds its next stream.
   */
  synchronized void detach(AgentSession session) {
    if (sessions.get(session.agentId()) == null) {
      subscriptions.async().unsubscribe(BusKeys.consoleToAgent(session.agentId()));
    }
    var streams = openStreams.remove(session);
    if (streams != null) {
      for (var stream : streams) {
        publish(ConsoleEvent.newBuilder().setStreamId(stream).setClosed(ConsoleClosed.newBuilder()
            .setReason(AGENT_DISCONNECTED).setMessage("the agent serving the host disconnected")).build());
      }
    }
  }

  private void toAgent(String agentId, byte[] message) {
    ConsoleRequest request;
    try {
      request = ConsoleRequest.parseFrom(message);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      LOG.warn("a console frame for agent {} is not a ConsoleRequest; dropped", agentId);
      return;
    }
    var session = sessions.get(agentId);
    if (session == null) {
      return; // the stream moved on; the viewer's open times out or its next frame reaches the new holder
    }
    switch (request.getKindCase()) {
      case OPEN -> openStreams.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(request.getStreamId());
      case CLOSE -> forget(session, request.getStreamId());
      default -> {
      }
    }
    session.console(request);
  }

  /**
   * Sends the agent's frame on to its viewer; completes when Redis took it, so the session reads the agent's next
   * frame only then (the agent's output is held back while Redis is slow, not piled up here).
   */
  CompletionStage<Void> fromAgent(AgentSession session, ConsoleEvent event) {
    if (event.hasClosed()) {
      forget(session, event.getStreamId());
    }
    return publish(event).thenAccept(receivers -> {
      if (receivers == 0 && !event.hasClosed()) {
        forget(session, event.getStreamId());
        session.console(ConsoleRequest.newBuilder().setStreamId(event.getStreamId())
            .setClose(ConsoleClose.newBuilder().setReason("the viewer left")).build());
      }
    }).exceptionally(error -> null); // a frame lost to a Redis failure: the viewer sees the gap and ends the stream
  }

  /** Ends a stream the agent cannot serve, as the agent itself would. */
  void refuse(AgentSession session, String streamId, String reason, String message) {
    forget(session, streamId);
    publish(ConsoleEvent.newBuilder().setStreamId(streamId)
        .setClosed(ConsoleClosed.newBuilder().setReason(reason).setMessage(message)).build());
  }

  private CompletableFuture<Long> publish(ConsoleEvent event) {
    return publisher.publish(BusKeys.consoleToViewer(event.getStreamId()), event.toByteArray())
        .toCompletableFuture();
  }

  private void forget(AgentSession session, String streamId) {
    openStreams.computeIfPresent(session, (held, streams) -> {
      streams.remove(streamId);
      return streams.isEmpty() ? null : streams;
    });
  }

  @Override
  public void close() {
    subscriptions.close();
  }
}
