package dev.anvil.operator.bmc;

import static dev.anvil.crds.v1alpha1.BmcHostStatus.READY;
import static dev.anvil.operator.status.Conditions.FALSE;

import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.bus.BusUnavailableException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.anvil.operator.CachedByUid;
import dev.anvil.operator.SpecOrAnnotationChange;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a BmcHost: observe (the agents, the host's stored observation and action result), decide with
 * {@link BmcHostDecision}, record the status (before any action goes out), then send what the plan says.
 */
@ControllerConfiguration(name = BmcHostReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAnnotationChange.class))
public class BmcHostReconciler implements Reconciler<BmcHost> {

  public static final String NAME = "bmchost";
  private static final Logger LOG = LoggerFactory.getLogger(BmcHostReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final java.time.Duration OUTAGE_RETRY = java.time.Duration.ofSeconds(5);

  private final BmcBus bus;
  private final EventRecorder events;
  private final Clock clock;
  private final ServedHosts served = new ServedHosts();
  private final CredentialRetries credentials = new CredentialRetries(ReachabilityConditions.CREDENTIALS_RETRY);
  private final SimpleInboundEventSource<BmcHost> wakeups = new SimpleInboundEventSource<>("bmc-report-wakeups");
  private IndexerResourceCache<BmcHost> hosts;

  /** {@code bus}: the agent bus, or null when this operator has none (hosts then say that nothing serves them). */
  public BmcHostReconciler(BmcBus bus, EventRecorder events, Clock clock) {
    this.bus = bus;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, BmcHost>> prepareEventSources(EventSourceContext<BmcHost> context) {
    hosts = context.getPrimaryCache();
    CachedByUid.index(hosts);
    return List.of(wakeups);
  }

  /** Reconciles the BmcHost with this uid soon (a report about it was stored). */
  public void wake(String hostUid) {
    if (hosts != null) {
      CachedByUid.find(hosts, hostUid).forEach(h -> wakeups.propagateEvent(ResourceID.fromResource(h)));
    }
  }

  /** The agent the BmcHost of this uid is assigned to; null when there is no such host (deleted) or no agent. */
  public String assignedAgent(String hostUid) {
    var found = hosts == null ? List.<BmcHost>of() : CachedByUid.find(hosts, hostUid);
    return found.isEmpty() || found.get(0).getStatus() == null ? null : found.get(0).getStatus().getAgent();
  }

  /** Whether a BmcHost of this uid exists in the cache. */
  public boolean exists(String hostUid) {
    return hosts != null && !CachedByUid.find(hosts, hostUid).isEmpty();
  }

  @Override
  public UpdateControl<BmcHost> reconcile(BmcHost host, Context<BmcHost> context) {
    var now = clock.instant();
    if (bus == null) {
      return record(host, context, withoutBus(host, now));
    }
    BmcHostPlan plan;
    try {
      plan = decideAndSend(host, context, now);
    } catch (BusUnavailableException e) {
      // the bus logs the outage once; the host keeps its status and is looked at again when Redis is back
      return UpdateControl.<BmcHost>noUpdate().rescheduleAfter(OUTAGE_RETRY);
    }
    plan.events().forEach(e -> {
      if (e.warning()) {
        events.warning(host, e.reason(), e.message());
      } else {
        events.normal(host, e.reason(), e.message());
      }
    });
    var control = UpdateControl.<BmcHost>noUpdate();
    return plan.requeueAfter() == null ? control : control.rescheduleAfter(plan.requeueAfter());
  }

  private BmcHostPlan decideAndSend(BmcHost host, Context<BmcHost> context, Instant now) {
    var uid = host.getMetadata().getUid();
    var observation = bus.observation(uid);
    var rejected = observation != null && "AUTH_FAILED".equals(observation.observation().getErrorKind());
    var view = new BmcHostDecision.View(bus.live(), hostsPerAgent(host, context), observation,
        pendingResult(host), bus.heartbeatTimeout(), credentials.epoch(uid, rejected, now), bus.livenessSettled());
    var plan = BmcHostDecision.decide(host, view, now);
    record(host, context, plan.status());
    plan.releases().forEach(r -> bus.release(r.agent(), uid, r.reason()));
    var serve = plan.serve();
    if (serve != null) {
      view.live().stream().filter(a -> a.agentId().equals(serve.agent())).findFirst()
          .filter(a -> served.due(uid, a, serve.command().getConfigVersion(), bus.heartbeatTimeout(), now))
          .ifPresent(a -> bus.serve(a.agentId(), serve.command()));
    }
    // after the status holds it as Pending; a pending action is sent again on every pass (the send is guarded by
    // its marker, so it goes out once) in case the pass that recorded it could not send it
    var act = plan.act() != null ? plan.act() : NextAction.pending(host.getMetadata(), plan.status(),
        host.getSpec());
    if (act != null) {
      bus.act(act.agent(), act.action());
    }
    return plan;
  }

  @Override
  public ErrorStatusUpdateControl<BmcHost> updateErrorStatus(BmcHost host, Context<BmcHost> context, Exception e) {
    LOG.warn("reconcile of BmcHost {}/{} failed, will retry: {}", host.getMetadata().getNamespace(),
        host.getMetadata().getName(), e.getMessage());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private BmcHostStatus withoutBus(BmcHost host, java.time.Instant now) {
    var status = host.getStatus() == null ? new BmcHostStatus() : SERIALIZATION.clone(host.getStatus());
    status.setObservedGeneration(host.getMetadata().getGeneration());
    Conditions.set(status.getConditions(), READY, FALSE, "NoAgentBus", "this operator runs without the agent bus "
        + "(ANVIL_REDIS_URI is not set), so no agent can serve BMCs", host.getMetadata().getGeneration(), now);
    return status;
  }

  private dev.anvil.protocol.agent.v1.BmcActionResult pendingResult(BmcHost host) {
    var last = host.getStatus() == null ? null : host.getStatus().getLastAction();
    return last == null || last.getResult() != BmcActionRecord.Result.Pending ? null
        : bus.actionResult(host.getMetadata().getUid(), last.getId());
  }

  private static Map<String, Integer> hostsPerAgent(BmcHost host, Context<BmcHost> context) {
    var counts = new HashMap<String, Integer>();
    context.getPrimaryCache().list()
        .filter(h -> !Objects.equals(h.getMetadata().getUid(), host.getMetadata().getUid()))
        .map(h -> h.getStatus() == null ? null : h.getStatus().getAgent())
        .filter(Objects::nonNull)
        .forEach(agent -> counts.merge(agent, 1, Integer::sum));
    return counts;
  }

  private UpdateControl<BmcHost> record(BmcHost host, Context<BmcHost> context, BmcHostStatus status) {
    if (host.getStatus() == null || !SERIALIZATION.convertValue(host.getStatus(), Map.class)
        .equals(SERIALIZATION.convertValue(status, Map.class))) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(host, context, h -> {
        h.setStatus(status);
        return h;
      });
    }
    return UpdateControl.noUpdate();
  }
}
