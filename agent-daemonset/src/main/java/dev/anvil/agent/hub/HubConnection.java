package dev.anvil.agent.hub;

import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.agent.spool.SpoolMode;
import dev.anvil.protocol.AgentAuthorization;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Capacity;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent's one stream to the hub: dials, says Hello, replays and streams the spool, heartbeats, and dials
 * again with backoff whenever the stream ends.
 */
public final class HubConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HubConnection.class);

  private final AgentConfig config;
  private final ReconnectPolicy policy;
  private final ReportOutbox outbox;
  private final CommandHandler commands;
  private final ConsoleHandler consoles;
  private final ManagedChannel channel;
  private final NodeLoad load = new NodeLoad();
  private final ScheduledExecutorService heartbeats;
  private final Thread thread;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final AtomicInteger dials = new AtomicInteger();
  private final AtomicInteger refusals = new AtomicInteger();
  private final AtomicInteger welcomes = new AtomicInteger();
  private volatile HubSession current;
  private volatile boolean connected;

  public HubConnection(AgentConfig config, ReconnectPolicy policy, ReportOutbox outbox, CommandHandler commands) {
    this(config, policy, outbox, commands, ConsoleHandler.NONE);
  }

  /** A connection that also relays consoles: the hub's console frames go to {@code consoles}. */
  public HubConnection(AgentConfig config, ReconnectPolicy policy, ReportOutbox outbox, CommandHandler commands,
      ConsoleHandler consoles) {
    this.config = config;
    this.consoles = consoles;
    this.policy = policy;
    this.outbox = outbox;
    this.commands = commands;
    var builder = NettyChannelBuilder.forAddress(config.hubHost(), config.hubPort())
        .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES)
        .keepAliveTime(30, TimeUnit.SECONDS);
    this.channel = (config.plaintext() ? builder.usePlaintext() : builder.useTransportSecurity()).build();
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hub-heartbeat"));
    this.thread = daemon(this::run, "hub-connection");
  }

  public void start() {
    thread.start();
  }

  /** Whether a welcomed stream is open right now. */
  public boolean isConnected() {
    return connected;
  }

  /** Streams opened so far. */
  public int dials() {
    return dials.get();
  }

  /** Streams the hub refused (wrong token, unserved protocol version). */
  public int refusals() {
    return refusals.get();
  }

  /** Streams the hub welcomed so far. */
  public int welcomes() {
    return welcomes.get();
  }

  /** Ends the current stream (as a network cut would); the connection dials again after its backoff. */
  public void dropStream() {
    var session = current;
    if (session != null) {
      session.close("stream dropped on purpose");
    }
  }

  private void run() {
    var failures = 0;
    while (stopping.getCount() > 0) {
      var end = session();
      var status = end.status();
      if (stopping.getCount() == 0) {
        break;
      }
      Duration delay;
      var code = status.getCode();
      if (code == Status.Code.UNAUTHENTICATED) {
        refusals.incrementAndGet();
        delay = policy.refused();
        LOG.error("the hub refused agent {} (UNAUTHENTICATED: {}): the bootstrap token is wrong or missing; check "
            + "the Secret behind ANVIL_AGENT_TOKEN_FILE against the hub's bootstrap Secret. Retrying in {} s",
            config.agentId(), status.getDescription(), delay.toSeconds());
      } else if (code == Status.Code.FAILED_PRECONDITION) {
        refusals.incrementAndGet();
        delay = policy.refused();
        LOG.error("the hub refused agent {} (FAILED_PRECONDITION: {}): agent and hub do not share a protocol "
            + "version; upgrade one of them. Retrying in {} s", config.agentId(), status.getDescription(),
            delay.toSeconds());
      } else {
        // a stream that was welcomed restarts the backoff, whatever ended it
        failures = end.welcomed() ? 1 : failures + 1;
        delay = policy.delay(failures);
        LOG.warn("stream to the hub at {}:{} ended ({}{}); reconnecting in {} ms", config.hubHost(),
            config.hubPort(), code, status.getDescription() == null ? "" : ": " + status.getDescription(),
            delay.toMillis());
      }
      try {
        if (stopping.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /** How one stream ended, and whether the hub had welcomed it. */
  private record SessionEnd(Status status, boolean welcomed) {
  }

  /** One stream from dial to end. */
  private SessionEnd session() {
    var session = new HubSession(outbox, commands, consoles);
    current = session;
    dials.incrementAndGet();
    var stub = AgentHubGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AgentAuthorization.headers(config.token())));
    stub.connect(session);
    session.send(AgentMessage.newBuilder().setHello(hello()).build());
    Welcome welcome;
    try {
      welcome = session.welcome().get(policy.welcomeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return new SessionEnd(session.ended().getNow(Status.fromThrowable(e.getCause())), false);
    } catch (TimeoutException e) {
      session.close("no Welcome within " + policy.welcomeTimeout());
      return new SessionEnd(Status.DEADLINE_EXCEEDED.withDescription("no Welcome within " + policy.welcomeTimeout()),
          false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.close("agent stopping");
      return new SessionEnd(Status.CANCELLED, false);
    }
    welcomes.incrementAndGet();
    connected = true;
    LOG.info("connected to the hub at {}:{} as agent {}: session {}, hub stored reports up to {}, last spooled {}",
        config.hubHost(), config.hubPort(), config.agentId(), welcome.getSessionId(),
        welcome.getLastStoredReportSeq(), outbox.spool().lastSequence());
    var interval = Math.max(100, welcome.getHeartbeatInterval().getSeconds() * 1000
        + welcome.getHeartbeatInterval().getNanos() / 1_000_000);
    var beat = heartbeats.scheduleAtFixedRate(
        () -> session.send(AgentMessage.newBuilder()
            .setHeartbeat(load.heartbeat(commands.runningAttemptIds()).toBuilder()
                .addAllBmcHosts(commands.bmcHosts())).build()),
        0, interval, TimeUnit.MILLISECONDS);
    try {
      session.drain(welcome.getLastStoredReportSeq(), () -> stopping.getCount() > 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("sending reports failed; the connection starts over", e);
    } finally {
      beat.cancel(false);
      connected = false;
      session.close("agent stopping");
    }
    return new SessionEnd(session.ended().getNow(Status.CANCELLED), true);
  }

  private Hello hello() {
    return Hello.newBuilder()
        .setAgentId(config.agentId())
        .setNodeName(config.nodeName())
        .setDatacenter(config.datacenter())
        .putAllLabels(config.labels())
        .setCapacity(Capacity.newBuilder().setMaxConcurrentAttempts(config.maxAttempts())
            .setCpuCores(load.cpuCores()).setMemoryBytes(load.memoryBytes()))
        .setAgentVersion(agentVersion())
        .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION)
        .setLastExecutedCommandSeq(commands.executedCommandSeq())
        .setDurableSpool(outbox.spool().mode() == SpoolMode.REDIS)
        .addAllFeatures(commands.features())
        .build();
  }

  private static String agentVersion() {
    var version = HubConnection.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void close() {
    stopping.countDown();
    var session = current;
    if (session != null) {
      session.close("agent stopping");
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    heartbeats.shutdownNow();
    channel.shutdownNow();
  }

  private static Thread daemon(Runnable runnable, String name) {
    var thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
