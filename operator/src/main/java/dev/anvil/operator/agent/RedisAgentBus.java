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
import dev.anvil.protocol.bus.BusUnavailableException;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.protocol.bus.LiveAgent;
import dev.anvil.protocol.bus.OutageLog;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Agent executor's bus over the central Redis: the registry for placement and liveness, the agents' command
 * streams for RunAttempt/CancelAttempt, and the operator's consumer group on {@code anvil:reports} for outcomes.
 *
 * <p>While Redis is unreachable every call fails at once ({@link BusUnavailableException}) and the bus says so in one
 * warning. Liveness is not judged until Redis has answered for a whole heartbeat timeout again: during an outage
 * no hub can write a heartbeat, so a stale registry then says nothing about the agents.
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
  private final OutageLog outages;
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
    var thread = new Thread(r, "anvil-orphaned-attempts");
    thread.setDaemon(true);
    return thread;
  });
  private volatile ReportConsumer consumer;
  private Thread consumerThread;

  private RedisAgentBus(RedisClient client, Duration heartbeatTimeout, Duration redisTimeout, String identity,
      Clock clock) {
    this.client = client;
    this.heartbeatTimeout = heartbeatTimeout;
    this.identity = identity;
    this.clock = clock;
    this.outages = new OutageLog(LOG, "agent bus",
        "agent Jobs are neither placed nor sent nor given up for lost", clock);
    this.registryConnection = client.connect();
    this.commandConnection = client.connect(BYTES);
    // XREADGROUP BLOCK holds its connection: the consumer gets one of its own so commands and acks never wait on it
    this.consumerConnection = client.connect(BYTES);
    consumerConnection.setTimeout(redisTimeout.plus(ReportConsumer.BLOCK)); // the block itself is no delay
    this.registry = new AgentRegistry(registryConnection, clock);
    this.commands = new AttemptCommands(commandConnection.async(), redisTimeout);
  }

  /**
   * Connects to the central Redis at {@code uri}, giving every command {@code redisTimeout}; {@code identity} names
   * this replica's consumer in the group.
   */
  public static RedisAgentBus connect(String uri, Duration heartbeatTimeout, Duration redisTimeout, String identity,
      Clock clock) {
    var client = CentralRedisClient.create(uri, redisTimeout);
    try {
      return new RedisAgentBus(client, heartbeatTimeout, redisTimeout, identity, clock);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /**
   * Starts consuming reports, cancelling orphaned attempts and releasing orphaned BmcHosts, on behalf of
   * {@code listener}; after an outage it wakes what waited for the bus. Call it on the leader only: entries a standby
   * read would wait for it.
   */
  public synchronized void startConsuming(BusListener listener) {
    if (consumerThread != null) {
      return;
    }
    consumer = new ReportConsumer(consumerConnection.sync(), identity, inbox, listener, clock);
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
    return new RedisBmcBus(this::live, this::livenessSettled, heartbeatTimeout, commandConnection.sync(), commands);
  }

  @Override
  public List<LiveAgent> live() {
    return call(() -> registry.live(heartbeatTimeout));
  }

  @Override
  public boolean livenessSettled() {
    var reading = consumer;
    return !outages.failedWithin(heartbeatTimeout)
        && (reading == null || !reading.outages().failedWithin(heartbeatTimeout));
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
    long seq = call(() -> commands.runOnce(run.agent(), attempt, RunAttemptCommand.of(job, run)));
    if (seq > 0) {
      LOG.info("Job {}/{}: attempt {} sent to agent {} (command {})", job.getMetadata().getNamespace(),
          job.getMetadata().getName(), run.attempt(), run.agent(), seq);
    }
  }

  @Override
  public void cancel(Job job, JobPlan.CancelOnAgent cancel) {
    call(() -> {
      commands.cancel(cancel.agent(), new AttemptId(job.getMetadata().getUid(), cancel.attempt()), cancel.reason());
      return null;
    });
  }

  /** Acknowledges without waiting; what fails is acknowledged again by the consumer, never dropped. */
  @Override
  public void applied(String jobUid, JobStatus written) {
    var settled = inbox.settledBy(jobUid, written);
    if (!settled.isEmpty()) {
      commandConnection.async().xack(BusKeys.REPORTS, BusKeys.OPERATOR_GROUP, settled.toArray(String[]::new))
          .whenComplete((acked, error) -> {
            if (error != null) {
              inbox.acknowledgeLater(settled);
            }
          });
    }
  }

  /** Runs one bus call, telling the outage log how it went. */
  private <T> T call(Supplier<T> busCall) {
    try {
      var result = busCall.get();
      outages.succeeded();
      return result;
    } catch (BusUnavailableException e) {
      outages.failed(e);
      throw e;
    }
  }

  /** Stops looking for orphaned attempts and hosts (they are judged from the reconcilers' caches). */
  public void stopSweeping() {
    sweeper.shutdownNow();
    try {
      sweeper.awaitTermination(5, TimeUnit.SECONDS); // a sweep under way finishes while the caches are still there
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopSweeping();
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
