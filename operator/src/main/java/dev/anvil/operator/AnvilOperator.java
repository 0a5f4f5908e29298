package dev.anvil.operator;

import dev.anvil.operator.agent.RedisAgentBus;
import dev.anvil.operator.bmc.BmcHostReconciler;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.http.OperatorHttpServer;
import dev.anvil.operator.job.JobReconciler;
import dev.anvil.operator.logs.PodLogCopier;
import dev.anvil.operator.logs.PodLogCopiers;
import dev.anvil.operator.metrics.JobMetrics;
import dev.anvil.operator.pipeline.PipelineReconciler;
import dev.anvil.operator.workflow.InFlightCalls;
import dev.anvil.operator.workflow.WorkflowReconciler;
import dev.anvil.operator.workflow.WorkflowServices;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.calls.HttpCall;
import dev.anvil.protocol.deadletter.DeadLetterQueue;
import dev.anvil.operator.scheduling.AdmissionQueue;
import dev.anvil.operator.scheduling.NamespaceQuotas;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;

/** The operator process: every reconciler registered with JOSDK, plus metrics and health endpoints. */
public final class AnvilOperator implements AutoCloseable {

  private final Operator operator;
  private final NamespaceQuotas quotas;
  private final EventRecorder events;
  private final OperatorHttpServer http;
  private final PrometheusMeterRegistry registry;
  private final RedisAgentBus agentBus;
  private final PodLogCopiers podLogs;
  private final HttpCall httpCalls;

  private AnvilOperator(Operator operator, NamespaceQuotas quotas, EventRecorder events, OperatorHttpServer http,
      PrometheusMeterRegistry registry, RedisAgentBus agentBus, PodLogCopiers podLogs, HttpCall httpCalls) {
    this.httpCalls = httpCalls;
    this.operator = operator;
    this.agentBus = agentBus;
    this.podLogs = podLogs;
    this.quotas = quotas;
    this.events = events;
    this.http = http;
    this.registry = registry;
  }

  /** Registers the reconcilers against {@code client} and starts them (and, if configured, the HTTP endpoints). */
  public static AnvilOperator start(KubernetesClient client, OperatorConfig config) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var agentBus = config.redisUri() == null ? null
        : RedisAgentBus.connect(config.redisUri(), config.agentHeartbeatTimeout(), config.redisTimeout(),
            config.identity(), Clock.systemUTC());
    // Pod Jobs' logs go to the log store only where there is one: without Redis, Pod Jobs run exactly as before
    var podLogs = agentBus == null ? null
        : new PodLogCopiers(client, agentBus.sharedConnection(), PodLogCopier.Settings.defaults());
    var wakeups = new AtomicReference<BusWakeups>();
    var election = config.leaderElection();
    var operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withResourceCloner(new TolerantSpecCloner(client.getKubernetesSerialization()))
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(config.reconcileThreads())
          .withReconciliationTerminationTimeout(Duration.ofSeconds(5))
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
      if (election != null) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(election.leaseName(),
            election.leaseNamespace(), election.leaseDuration(), election.renewDeadline(), election.retryPeriod(),
            config.identity(), agentBus == null ? null : new LeaderCallbacks(
                // only the leader reconciles, so only the leader may take reports off the stream
                () -> agentBus.startConsuming(wakeups.get()),
                // leadership lost: stop copying, the next leader resumes each log where its stream ends
                podLogs::close, leader -> { }),
            election.exitWhenLost()));
      }
    });
    var quotas = new NamespaceQuotas(client, config.defaultJobQuota());
    var events = new EventRecorder(client, config.identity());
    var metrics = new JobMetrics(registry);
    metrics.watchDroppedEvents(events::dropped);
    var jobs = new JobReconciler(new AdmissionQueue(quotas), events, metrics, Clock.systemUTC(), agentBus,
        podLogs);
    var bmcHosts = new BmcHostReconciler(agentBus == null ? null : agentBus.bmcBus(), events, Clock.systemUTC());
    var pipelines = new PipelineReconciler(events, Clock.systemUTC());
    var http = new HttpCall();
    var workflows = new WorkflowReconciler(events, Clock.systemUTC(), wake -> new WorkflowServices(client, http,
        new InFlightCalls(), new CircuitBreakers(Clock.systemUTC(), registry), new ConditionExpression(),
        agentBus == null ? null : new DeadLetterQueue(agentBus.sharedConnection(), Clock.systemUTC()), wake));
    wakeups.set(new BusWakeups(jobs, bmcHosts));
    for (var reconciler : List.<Reconciler<?>>of(jobs, bmcHosts, pipelines, workflows)) {
      operator.register(reconciler, c -> {
        // API errors are retried with backoff for as long as they last (JOSDK's default gives up after 5 tries)
        c.withRetry(new GenericRetry().setInitialInterval(1_000).setIntervalMultiplier(2).setMaxInterval(60_000)
            .withoutMaxAttempts());
        if (!config.watchNamespaces().isEmpty()) {
          c.settingNamespaces(config.watchNamespaces());
        }
      });
    }
    OperatorHttpServer httpServer = null;
    if (config.httpPort() >= 0) {
      httpServer = new OperatorHttpServer(config.httpPort(), registry,
          () -> true,
          // a standby replica (leader election) is ready too, or a rolling update would wait for the Lease forever
          () -> operator.getRuntimeInfo().isStarted());
    }
    operator.start();
    if (agentBus != null && election == null) {
      // after start: the caches are synced, so an unknown uid is a deleted Job or BmcHost
      agentBus.startConsuming(wakeups.get());
    }
    return new AnvilOperator(operator, quotas, events, httpServer, registry, agentBus, podLogs, http);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Pod log copiers, or null without a Redis URI. */
  PodLogCopiers podLogCopiers() {
    return podLogs;
  }

  /** The port of /metrics and health, or -1 when disabled. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  @Override
  public void close() {
    if (agentBus != null) {
      // before the reconcilers stop: with their caches gone every attempt and host would look orphaned
      agentBus.stopSweeping();
    }
    operator.stop();
    httpCalls.close(); // after the reconcilers: a call still in flight ends as ConnectionFailed, retried next time
    if (podLogs != null) {
      podLogs.close(); // before the bus: the copiers write over its connection
    }
    if (agentBus != null) {
      agentBus.close();
    }
    events.close();
    quotas.close();
    if (http != null) {
      http.close();
    }
  }
}
