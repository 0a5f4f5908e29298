package dev.anvil.operator.agent;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.bmc.BmcBus;
import dev.anvil.operator.bmc.ServedHosts;
import dev.anvil.operator.job.AgentBus;
import dev.anvil.operator.job.AgentReport;
import dev.anvil.operator.job.JobPlan;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.AgentRegistry;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.LiveAgent;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent executor's bus over the central Redis: the registry for placement and liveness, the agents' command
 * streams for RunAttempt/CancelAttempt, and the operator's consumer group on {@code anvil:reports} for outcomes.
 */
public final class RedisAgentBus implements AgentBus, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisAgentBus.class);
  private static final RedisCodec<String, byte[]> BYTES = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> registryConnection;
  private final StatefulRedisConnection<String, byte[]> commandConnection;
  private final StatefulRedisConnection<String, byte[]> consumerConnection;
  private final AgentRegistry registry;
  private final AttemptCommands commands;
  private final ReportInbox inbox = new ReportInbox();
  private final Duration heartbeatTimeout;
  private final String identity;
  private final Clock clock;
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
    var thread = new Thread(r, "anvil-orphaned-attempts");
    thread.setDaemon(true);
    return thread;
  });
  private ReportConsumer consumer;
  private Thread consumerThread;

  private RedisAgentBus(RedisClient client, Duration heartbeatTimeout, String identity, Clock clock) {
    this.client = client;
    this.heartbeatTimeout = heartbeatTimeout;
    this.identity = identity;
    this.clock = clock;
    this.registryConnection = client.connect();
    this.commandConnection = client.connect(BYTES);
    // XREADGROUP BLOCK holds its connection: the consumer gets one of its own so commands and acks never wait on it
    this.consumerConnection = client.connect(BYTES);
    this.registry = new AgentRegistry(registryConnection, clock);
    this.commands = new AttemptCommands(commandConnection.async());
  }

  /** Connects to the central Redis at {@code uri}; {@code identity} names this replica's consumer in the group. */
  public static RedisAgentBus connect(String uri, Duration heartbeatTimeout, String identity, Clock clock) {
    var client = RedisClient.create(uri);
    try {
      return new RedisAgentBus(client, heartbeatTimeout, identity, clock);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /**
   * Starts consuming reports, cancelling orphaned attempts and releasing orphaned BmcHosts, on behalf of
   * {@code listener}. Call it on the leader only: entries a standby read would wait for it.
   */
  public synchronized void startConsuming(BusListener listener) {
    if (consumerThread != null) {
      return;
    }
    consumer = new ReportConsumer(consumerConnection.sync(), identity, inbox, listener);
    consumerThread = new Thread(consumer, "anvil-agent-reports");
    consumerThread.setDaemon(true);
    consumerThread.start();
    var attempts = new OrphanedAttempts(listener::attemptWanted, commands::cancel, heartbeatTimeout, clock);
    var bmcHosts = bmcBus();
    var hosts = new OrphanedBmcHosts(listener, ServedHosts::servedBy,
        (agent, host) -> bmcHosts.release(agent, host, "the host is not assigned to this agent"));
    sweeper.scheduleWithFixedDelay(() -> sweep(attempts, hosts), heartbeatTimeout.toMillis(),
        heartbeatTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sweep(OrphanedAttempts attempts, OrphanedBmcHosts hosts) {
    try {
      var live = live();
      attempts.sweep(live);
      hosts.sweep(live);
    } catch (RuntimeException e) {
      LOG.debug("looking for orphaned attempts and hosts failed, next pass in {}: {}", heartbeatTimeout, e.toString());
    }
  }

  /**
   * The bus's string connection, for others that write to the central Redis without blocking commands (the Pod log
   * copiers); Lettuce multiplexes it. Closed with the bus.
   */
  public StatefulRedisConnection<String, String> sharedConnection() {
    return registryConnection;
  }

  /** The BmcHost side of this bus, over the same connections. */
  public BmcBus bmcBus() {
    return new RedisBmcBus(this::live, heartbeatTimeout, commandConnection.sync(), commands);
  }

  @Override
  public List<LiveAgent> live() {
    return registry.live(heartbeatTimeout);
  }

  @Override
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  @Override
  public Map<Integer, AgentReport> reports(String jobUid) {
    return inbox.reports(jobUid);
  }

  @Override
  public void run(Job job, JobPlan.RunOnAgent run) {
    var attempt = new AttemptId(job.getMetadata().getUid(), run.attempt());
    var seq = commands.runOnce(run.agent(), attempt, RunAttemptCommand.of(job, run));
    if (seq > 0) {
      LOG.info("Job {}/{}: attempt {} sent to agent {} (command {})", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), run.attempt(), run.agent(), seq);
    }
  }

  @Override
  public void cancel(Job job, JobPlan.CancelOnAgent cancel) {
    commands.cancel(cancel.agent(), new AttemptId(job.getMetadata().getUid(), cancel.attempt()), cancel.reason());
  }

  @Override
  public void applied(String jobUid, JobStatus written) {
    var settled = inbox.settledBy(jobUid, written);
    if (!settled.isEmpty()) {
      commandConnection.sync().xack(BusKeys.REPORTS, BusKeys.OPERATOR_GROUP, settled.toArray(String[]::new));
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    Thread thread;
    synchronized (this) {
      thread = consumerThread;
      if (consumer != null) {
        consumer.stop();
      }
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    consumerConnection.close();
    commandConnection.close();
    registryConnection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
