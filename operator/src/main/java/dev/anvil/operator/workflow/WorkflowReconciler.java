package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.workflow.nodes.ApprovalRunner;
import dev.anvil.operator.workflow.nodes.BmcRunner;
import dev.anvil.operator.workflow.nodes.ConditionRunner;
import dev.anvil.operator.workflow.nodes.DelayRunner;
import dev.anvil.operator.workflow.nodes.HttpRunner;
import dev.anvil.operator.workflow.nodes.JobRunner;
import dev.anvil.operator.workflow.nodes.PipelineRunner;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.anvil.operator.SpecOrAnnotationChange;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Drives Workflows: runs of typed nodes (node library in {@code nodes/}), or, with a schedule, a run per cron tick. */
@ControllerConfiguration(name = WorkflowReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAnnotationChange.class))
public class WorkflowReconciler implements Reconciler<Workflow>, Cleaner<Workflow> {

  public static final String NAME = "workflow";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final EventRecorder events;
  private final Clock clock;
  private final Function<java.util.function.Consumer<ResourceID>, WorkflowServices> servicesFactory;
  private final Map<NodeKind, NodeRunner> runners = new EnumMap<>(NodeKind.class);
  private final ScheduledWorkflows scheduled;
  private final SimpleInboundEventSource<Workflow> wakeups = new SimpleInboundEventSource<>("workflow-wakeups");
  /** BmcHost (namespace/name) to the Workflows with a bmc node running on it, so host changes wake them. */
  private final Map<String, Set<ResourceID>> waitingOnHost = new ConcurrentHashMap<>();
  private WorkflowServices services;

  /** {@code servicesFactory}: builds the shared services given the wake-up callback of this reconciler. */
  public WorkflowReconciler(EventRecorder events, Clock clock,
      Function<java.util.function.Consumer<ResourceID>, WorkflowServices> servicesFactory) {
    this.events = events;
    this.clock = clock;
    this.servicesFactory = servicesFactory;
    this.scheduled = new ScheduledWorkflows(clock, events);
    runners.put(NodeKind.job, new JobRunner());
    runners.put(NodeKind.pipeline, new PipelineRunner());
    runners.put(NodeKind.bmc, new BmcRunner());
    runners.put(NodeKind.http, new HttpRunner());
    runners.put(NodeKind.delay, new DelayRunner());
    runners.put(NodeKind.approval, new ApprovalRunner());
    runners.put(NodeKind.condition, new ConditionRunner());
  }

  @Override
  public List<EventSource<?, Workflow>> prepareEventSources(EventSourceContext<Workflow> context) {
    services = servicesFactory.apply(wakeups::propagateEvent);
    var jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, Workflow.class)
        .withName("workflow-jobs").withLabelSelector(WorkflowChildren.NODE_LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Workflow.class)).build(), context);
    var pipelines = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pipeline.class, Workflow.class)
        .withName("workflow-pipelines").withLabelSelector(WorkflowChildren.NODE_LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Workflow.class)).build(), context);
    var runs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Workflow.class, Workflow.class)
        .withName("scheduled-runs").withLabelSelector(ScheduledWorkflows.SCHEDULED_BY_UID_LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Workflow.class)).build(), context);
    var hosts = new InformerEventSource<>(InformerEventSourceConfiguration.from(BmcHost.class, Workflow.class)
        .withName("workflow-bmchosts")
        .withSecondaryToPrimaryMapper(host -> waitingOnHost.getOrDefault(key(host.getMetadata().getNamespace(),
            host.getMetadata().getName()), Set.of())).build(), context);
    return List.of(jobs, pipelines, runs, hosts, wakeups);
  }

  @Override
  public UpdateControl<Workflow> reconcile(Workflow workflow, Context<Workflow> context) {
    if (ScheduledWorkflows.isScheduled(workflow.getSpec())) {
      var runs = context.getSecondaryResources(Workflow.class);
      var decided = scheduled.reconcile(context.getClient(), workflow, runs);
      writeStatus(workflow, context, decided.getKey());
      var control = UpdateControl.<Workflow>noUpdate();
      return decided.getValue() == null ? control : control.rescheduleAfter(decided.getValue());
    }
    boolean finished = workflow.getStatus() != null && (workflow.getStatus().getPhase() == RunPhase.Succeeded
        || workflow.getStatus().getPhase() == RunPhase.Failed);
    if (finished && Replays.requested(workflow) == null) {
      forget(workflow);
      return UpdateControl.noUpdate(); // a run is over: only a replay reopens it
    }
    var shape = WorkflowShape.of(workflow.getSpec(), services.conditions());
    var children = new WorkflowChildren(context.getSecondaryResources(Job.class),
        context.getSecondaryResources(Pipeline.class));
    var plan = WorkflowRun.decide(workflow, shape, runners, services, children, clock.instant());
    trackBmcNodes(workflow, plan);
    writeStatus(workflow, context, plan.status);
    plan.notes.forEach(note -> {
      if (note.warning()) {
        events.warning(workflow, note.reason(), note.message());
      } else {
        events.normal(workflow, note.reason(), note.message());
      }
    });
    if (plan.replayHandled) {
      // only the value handled: nodes added to the request meanwhile (the apiserver's replay merges) stay asked for
      var handled = Replays.requested(workflow);
      context.getClient().resources(Workflow.class).inNamespace(workflow.getMetadata().getNamespace())
          .withName(workflow.getMetadata().getName()).edit(w -> {
            var annotations = w.getMetadata().getAnnotations();
            if (annotations != null && handled.equals(annotations.get(Replays.ANNOTATION))) {
              annotations.remove(Replays.ANNOTATION);
            }
            return w;
          });
    }
    var control = UpdateControl.<Workflow>noUpdate();
    return plan.requeueAfter == null ? control : control.rescheduleAfter(plan.requeueAfter.isZero()
        ? Duration.ofMillis(10) : plan.requeueAfter);
  }

  @Override
  public DeleteControl cleanup(Workflow workflow, Context<Workflow> context) {
    forget(workflow);
    return DeleteControl.defaultDelete();
  }

  private void forget(Workflow workflow) {
    services.calls().removeWorkflow(workflow.getMetadata().getUid());
    var id = ResourceID.fromResource(workflow);
    waitingOnHost.values().forEach(ids -> ids.remove(id));
  }

  /** Maps the hosts of running bmc nodes, as the nodes resolved them ({@code host: $(params.host)}), to the run. */
  private void trackBmcNodes(Workflow workflow, WorkflowPlan plan) {
    var id = ResourceID.fromResource(workflow);
    waitingOnHost.values().forEach(ids -> ids.remove(id));
    for (var host : WorkflowRun.hostsWaitedOn(plan)) {
      waitingOnHost.computeIfAbsent(key(workflow.getMetadata().getNamespace(), host),
          k -> ConcurrentHashMap.newKeySet()).add(id);
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static void writeStatus(Workflow workflow, Context<Workflow> context, WorkflowStatus status) {
    if (workflow.getStatus() != null
        && SERIALIZATION.asJson(workflow.getStatus()).equals(SERIALIZATION.asJson(status))) {
      return;
    }
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(workflow, context, w -> {
      w.setStatus(status);
      return w;
    });
  }
}
