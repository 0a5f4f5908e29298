package dev.anvil.apiserver.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.bus.BusKeys;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent streams this replica holds. A newer stream of the same agent replaces an older one here at once, and
 * on another replica through the session key: a periodic check ends every local stream whose agent's session key
 * names someone else.
 */
public final class LocalSessions implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalSessions.class);

  private final ConcurrentHashMap<String, AgentSession> sessions = new ConcurrentHashMap<>();
  private final RedisAsyncCommands<String, byte[]> redis;
  private final ScheduledExecutorService checker;

  public LocalSessions(RedisAsyncCommands<String, byte[]> redis, Duration checkInterval) {
    this.redis = redis;
    this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
      var thread = new Thread(r, "agent-session-check");
      thread.setDaemon(true);
      return thread;
    });
    checker.scheduleWithFixedDelay(this::checkOwnership, checkInterval.toMillis(), checkInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Registers {@code session} as its agent's stream here, ending the one it replaces. */
  public void claim(AgentSession session) {
    var older = sessions.put(session.agentId(), session);
    if (older != null && older != session) {
      older.superseded();
    }
  }

  public void release(AgentSession session) {
    sessions.remove(session.agentId(), session);
  }

  public int size() {
    return sessions.size();
  }

  public List<AgentSession> all() {
    return List.copyOf(sessions.values());
  }

  private void checkOwnership() {
    var held = List.copyOf(sessions.values());
    if (held.isEmpty()) {
      return;
    }
    var keys = held.stream().map(s -> BusKeys.session(s.agentId())).toArray(String[]::new);
    redis.mget(keys).whenComplete((values, error) -> {
      if (error != null) {
        LOG.warn("cannot check agent session ownership: {}", error.getMessage());
        return;
      }
      for (var i = 0; i < held.size(); i++) {
        var value = values.get(i);
        var owner = value.hasValue() ? new String(value.getValue(), UTF_8) : null;
        var session = held.get(i);
        if (!session.sessionValue().equals(owner)) {
          session.superseded();
        }
      }
    });
  }

  @Override
  public void close() {
    checker.shutdownNow();
  }
}
