package dev.anvil.protocol.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads the agent registry: which agents heartbeated recently, with what they declared (the operator mirrors it). */
public final class AgentRegistry {

  private final StatefulRedisConnection<String, String> connection;
  private final Clock clock;

  private static final ObjectMapper JSON = new ObjectMapper();

  public AgentRegistry(StatefulRedisConnection<String, String> connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /**
   * Agents whose last heartbeat is at most {@code maxAge} old and whose registry entry has not expired.
   *
   * @throws BusUnavailableException when Redis does not answer within the connection's timeout
   */
  public List<LiveAgent> live(Duration maxAge) {
    var since = clock.millis() - maxAge.toMillis();
    var async = connection.async();
    var timeout = connection.getTimeout().toMillis();
    try {
      var ids = async.zrangebyscore(BusKeys.AGENTS, Range.create((double) since, Double.POSITIVE_INFINITY))
          .get(timeout, TimeUnit.MILLISECONDS);
      // one round trip for every hash: the commands are pipelined
      var hashes = new ArrayList<RedisFuture<Map<String, String>>>();
      ids.forEach(id -> hashes.add(async.hgetall(BusKeys.agent(id))));
      var agents = new ArrayList<LiveAgent>();
      for (var i = 0; i < ids.size(); i++) {
        var fields = hashes.get(i).get(timeout, TimeUnit.MILLISECONDS);
        if (!fields.isEmpty()) {
          agents.add(toAgent(ids.get(i), fields));
        }
      }
      return agents;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusUnavailableException("interrupted while reading the agent registry", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new BusUnavailableException("cannot read the agent registry", e);
    }
  }

  private static LiveAgent toAgent(String id, Map<String, String> fields) {
    Map<String, String> labels = json(fields.getOrDefault("labels", "{}"), new TypeReference<>() { });
    List<String> features = json(fields.getOrDefault("features", "[]"), new TypeReference<>() { });
    return new LiveAgent(id, fields.get("node"), fields.get("datacenter"), labels, features, fields.get("replica"),
        fields.get("session"), Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("lastHeartbeat", "0"))),
        Map.copyOf(fields));
  }

  private static <T> T json(String text, TypeReference<T> type) {
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("malformed agent registry field: " + e.getOriginalMessage(), e);
    }
  }
}
