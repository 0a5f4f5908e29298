package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.OutageLog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub of one apiserver replica, assembled: the token-checked gRPC service and what it needs. Stateless apart
 * from the live streams, so any number of replicas share one central Redis.
 */
public final class AgentHub implements BindableService, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHub.class);

  private final StatefulRedisConnection<String, byte[]> connection;
  private final ScheduledExecutorService timer;
  private final LocalSessions sessions;
  private final CommandPoller poller;
  private final AgentConsoles consoles;
  private final ServerServiceDefinition service;

  public AgentHub(HubProperties properties, RedisClient redis, KubernetesClient kubernetes, BootstrapTokens tokens) {
    // one shared connection: Lettuce pipelines what every session issues on it, in issue order
    this.connection = redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    var async = connection.async();
    var replicaId = properties.replicaId().isEmpty() ? hostName() : properties.replicaId();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      var thread = new Thread(r, "agent-hub-timer");
      thread.setDaemon(true);
      return thread;
    });
    this.sessions = new LocalSessions(async, properties.sessionCheckInterval(), timer);
    this.poller = new CommandPoller(redis, async, properties.commandBlock(), properties.redisRetry());
    this.consoles = new AgentConsoles(redis, async, sessions);
    var clock = Clock.systemUTC();
    var context = new HubContext(properties, replicaId, new AgentRegistryWriter(async, properties, clock),
        new ReportStore(async, properties), sessions, poller, new SecretEnvResolver(kubernetes),
        new BmcSecretResolver(kubernetes), new CommandRefusals(async, clock), consoles, timer, new OutageLog(LOG,
            "agent sessions", "agent streams stay open, reports wait in the agents' spools and heartbeats are dropped",
            clock));
    // the token check is bound to the service itself, so no server configuration can expose it without one
    this.service = ServerInterceptors.intercept(new AgentHubService(context), new AgentTokenInterceptor(tokens));
  }

  @Override
  public ServerServiceDefinition bindService() {
    return service;
  }

  /** Streams this replica holds right now. */
  public int connectedAgents() {
    return sessions.size();
  }

  private static String hostName() {
    var fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "apiserver";
    }
  }

  /** Ends every stream UNAVAILABLE (the agents reconnect, to another replica) and releases Redis. */
  @Override
  public void close() {
    sessions.all().forEach(s -> s.fail(Status.UNAVAILABLE.withDescription("the hub replica is shutting down")));
    sessions.close();
    timer.shutdownNow();
    poller.close();
    consoles.close();
    connection.close();
  }
}
