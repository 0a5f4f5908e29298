package dev.anvil.agent.jobs;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest command_seq this agent has executed, kept in its local Redis next to the spool (key
 * {@code anvil:agent:{id}:executed-command-seq}) so a restarted agent neither re-runs nor skips a command; in memory
 * while that Redis is away.
 */
public final class CommandPosition implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandPosition.class);

  private final String key;
  private final RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private long executed;
  private boolean warned;

  private CommandPosition(String redisUri, String agentId) {
    this.key = "anvil:agent:{" + agentId + "}:executed-command-seq";
    var uri = RedisURI.create(redisUri);
    uri.setTimeout(Duration.ofSeconds(2));
    this.client = RedisClient.create(uri);
  }

  /** Reads the stored position from the local Redis at {@code redisUri}, or starts at 0 in memory. */
  public static CommandPosition open(String redisUri, String agentId) {
    var position = new CommandPosition(redisUri, agentId);
    position.load();
    return position;
  }

  private synchronized void load() {
    try {
      connection = client.connect();
      var stored = connection.sync().get(key);
      executed = stored == null ? 0 : Long.parseLong(stored);
    } catch (RuntimeException e) {
      LOG.warn("command position kept in memory only (local Redis unavailable: {}); a restart re-runs nothing the "
          + "hub already trimmed, but may see commands again", e.getMessage());
      warned = true;
    }
  }

  public synchronized long executed() {
    return executed;
  }

  /**
   * Runs {@code effect} unless command {@code seq} was executed already, then moves the position to it; returns the
   * position. An effect that throws leaves the position where it was, so the command is redelivered. Callers execute
   * one command at a time; the effect runs outside this object's lock, so reading the position never waits for it.
   */
  public long executeOnce(long seq, Runnable effect) {
    if (seq > executed()) {
      effect.run();
      advance(seq);
    }
    return executed();
  }

  /** Moves the position forward to {@code seq} (never back) and stores it. */
  public synchronized void advance(long seq) {
    if (seq <= executed) {
      return;
    }
    executed = seq;
    try {
      if (connection == null) {
        connection = client.connect();
      }
      connection.sync().set(key, Long.toString(seq));
      warned = false;
    } catch (RuntimeException e) {
      if (!warned) {
        LOG.warn("cannot store the command position in the local Redis ({}); holding it in memory", e.getMessage());
        warned = true;
      }
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
  }
}
