package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.protocol.bus.OutageLog;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.UnblockType;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the command streams of every agent this replica holds with ONE blocking XREAD over all their keys, on one
 * thread and one dedicated connection (a thousand agents cost one connection, not a thousand), and hands each
 * command to its agent's session. While the central Redis is away it tries again every {@code retry}, saying so
 * once; the commands wait in Redis, and it resumes each stream where it was.
 */
public final class CommandPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommandPoller.class);

  private final StatefulRedisConnection<String, byte[]> blocking;
  private final RedisAsyncCommands<String, byte[]> shared;
  private final Duration block;
  private final Duration retry;
  private final OutageLog outages = new OutageLog(LOG, "agent command poller", "agent commands wait in Redis",
      Clock.systemUTC());
  private final ConcurrentHashMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long pollerClientId = -1;

  /** Blocks {@code block} in each XREAD; waits {@code retry} after a failure of the central Redis. */
  public CommandPoller(RedisClient client, RedisAsyncCommands<String, byte[]> shared, Duration block,
      Duration retry) {
    this.blocking = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    blocking.setTimeout(blocking.getTimeout().plus(block)); // the block is waiting for commands, not for Redis
    this.shared = shared;
    this.block = block;
    this.retry = retry;
    this.thread = new Thread(this::run, "agent-command-poller");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts forwarding the agent's commands above {@code lastExecutedSeq} to {@code session}. */
  public void subscribe(String agentId, AgentSession session, long lastExecutedSeq) {
    subscriptions.put(agentId, new Subscription(session, BusKeys.commands(agentId), lastExecutedSeq + "-0"));
    wake();
  }

  /** Stops forwarding to {@code session} (a newer session of the same agent keeps its subscription). */
  public void unsubscribe(String agentId, AgentSession session) {
    subscriptions.computeIfPresent(agentId, (id, current) -> current.session == session ? null : current);
  }

  /** Drops the commands the agent has executed; never one above {@code executedSeq}. */
  public void trimExecuted(String agentId, long executedSeq) {
    shared.xtrim(BusKeys.commands(agentId), io.lettuce.core.XTrimArgs.Builder.minId((executedSeq + 1) + "-0"));
  }

  private void wake() {
    synchronized (idle) {
      idle.notifyAll();
    }
    // a blocked XREAD does not see a new key until it returns: cut the wait short so a new agent's backlog
    // (redelivery after a reconnect) goes out at once
    var id = pollerClientId;
    if (id >= 0) {
      shared.clientUnblock(id, UnblockType.TIMEOUT);
    }
  }

  private void run() {
    while (running) {
      try {
        if (pollerClientId < 0) {
          pollerClientId = blocking.sync().clientId();
        }
        var snapshot = List.copyOf(subscriptions.entrySet());
        if (snapshot.isEmpty()) {
          synchronized (idle) {
            if (subscriptions.isEmpty() && running) {
              idle.wait(block.toMillis());
            }
          }
          continue;
        }
        var byKey = new HashMap<String, Subscription>();
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets = new XReadArgs.StreamOffset[snapshot.size()];
        for (var i = 0; i < snapshot.size(); i++) {
          var subscription = snapshot.get(i).getValue();
          byKey.put(subscription.key, subscription);
          offsets[i] = XReadArgs.StreamOffset.from(subscription.key, subscription.position);
        }
        var messages = blocking.sync().xread(XReadArgs.Builder.block(block).count(256), offsets);
        outages.succeeded();
        for (var message : messages) {
          var subscription = byKey.get(message.getStream());
          subscription.position = message.getId();
          var agentId = agentOf(message.getStream());
          if (subscriptions.get(agentId) != subscription) {
            continue;
          }
          subscription.session.forward(CommandEntry.decode(message.getBody().get(CommandEntry.PAYLOAD)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RedisException e) {
        if (!running) {
          return;
        }
        outages.failed(e);
        pollerClientId = -1; // a reconnected connection has a new client id
        pause();
      } catch (RuntimeException e) {
        LOG.error("forwarding agent commands failed, retrying", e);
        pause();
      }
    }
  }

  private void pause() {
    synchronized (idle) {
      try {
        idle.wait(retry.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String agentOf(String commandsKey) {
    var prefix = BusKeys.agent("");
    return commandsKey.substring(prefix.length(), commandsKey.length() - ":commands".length());
  }

  @Override
  public void close() {
    running = false;
    wake();
    thread.interrupt();
    blocking.close();
  }

  /** One agent's forwarding: its session and the stream id of the last command handed to it. */
  private static final class Subscription {
    final AgentSession session;
    final String key;
    volatile String position;

    Subscription(AgentSession session, String key, String position) {
      this.session = session;
      this.key = key;
      this.position = position;
    }
  }
}
