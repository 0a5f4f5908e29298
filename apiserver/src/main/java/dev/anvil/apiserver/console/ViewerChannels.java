package dev.anvil.apiserver.console;

import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.bus.BusKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewers' end of the console relay on this replica: each open WebSocket subscribes to its stream's channel and
 * publishes to the channel of the agent serving its host, whichever replica holds that agent's stream.
 */
public final class ViewerChannels implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ViewerChannels.class);

  private final StatefulRedisPubSubConnection<String, byte[]> subscriptions;
  private final StatefulRedisConnection<String, byte[]> publisher;
  private final ConcurrentHashMap<String, Consumer<ConsoleEvent>> streams = new ConcurrentHashMap<>();

  public ViewerChannels(RedisClient redis) {
    var codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    this.subscriptions = redis.connectPubSub(codec);
    this.publisher = redis.connect(codec);
    subscriptions.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, byte[] message) {
        delivered(message);
      }
    });
  }

  /** Whether a replica holds the agent's stream (it listens on the agent's console channel). */
  public CompletableFuture<Boolean> agentConnected(String agentId) {
    var channel = BusKeys.consoleToAgent(agentId);
    return publisher.async().pubsubNumsub(channel).toCompletableFuture()
        .thenApply(counts -> counts.getOrDefault(channel, 0L) > 0);
  }

  /** Delivers the stream's frames to {@code viewer} (on a Redis thread: it must not block) once subscribed. */
  public CompletableFuture<Void> listen(String streamId, Consumer<ConsoleEvent> viewer) {
    streams.put(streamId, viewer);
    return subscriptions.async().subscribe(BusKeys.consoleToViewer(streamId)).toCompletableFuture()
        .thenApply(done -> null);
  }

  public void stopListening(String streamId) {
    if (streams.remove(streamId) != null) {
      subscriptions.async().unsubscribe(BusKeys.consoleToViewer(streamId));
    }
  }

  /** Publishes a frame for the agent; completes with whether some replica took it for the agent. */
  public CompletableFuture<Boolean> send(String agentId, ConsoleRequest request) {
    return publisher.async().publish(BusKeys.consoleToAgent(agentId), request.toByteArray()).toCompletableFuture()
        .thenApply(receivers -> receivers > 0);
  }

  private void delivered(byte[] message) {
    ConsoleEvent event;
    try {
      event = ConsoleEvent.parseFrom(message);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      LOG.warn("a console frame for a viewer is not a ConsoleEvent; dropped");
      return;
    }
    var viewer = streams.get(event.getStreamId());
    if (viewer != null) {
      viewer.accept(event);
    }
  }

  @Override
  public void close() {
    subscriptions.close();
    publisher.close();
  }
}
