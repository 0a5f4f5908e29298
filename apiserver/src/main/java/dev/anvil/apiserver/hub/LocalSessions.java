package dev.anvil.apiserver.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.OutageLog;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
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
  private final OutageLog outages = new OutageLog(LOG, "agent session check",
      "agent streams are kept, and a takeover by another replica is noticed once it answers", Clock.systemUTC());
  private final ScheduledFuture<?> checks;

  /** Checks every {@code checkInterval} on {@code timer} (which the caller owns) until closed. */
  public LocalSessions(RedisAsyncCommands<String, byte[]> redis, Duration checkInterval,
      ScheduledExecutorService timer) {
    this.redis = redis;
    this.checks = timer.scheduleWithFixedDelay(this::checkOwnership, checkInterval.toMillis(),
        checkInterval.toMillis(), TimeUnit.MILLISECONDS);
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

  /** The agent's stream held here, or null. */
  public AgentSession get(String agentId) {
    return sessions.get(agentId);
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
        outages.failed(error);
        return;
      }
      outages.succeeded();
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
    checks.cancel(false);
  }
}
