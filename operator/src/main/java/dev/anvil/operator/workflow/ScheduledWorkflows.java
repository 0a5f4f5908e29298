package dev.anvil.operator.workflow;

import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;

import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.status.Conditions;
import dev.anvil.operator.workflow.schedule.ChildRun;
import dev.anvil.operator.workflow.schedule.InvalidScheduleException;
import dev.anvil.operator.workflow.schedule.ScheduleDecider;
import dev.anvil.operator.workflow.schedule.ScheduleDecision;
import dev.anvil.operator.workflow.schedule.ScheduleEvent;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/** A Workflow with a schedule: a template that creates a child run per cron tick, as a CronJob creates Jobs. */
final class ScheduledWorkflows {

  /** Uid of the scheduled Workflow a run was created by. */
  static final String SCHEDULED_BY_UID_LABEL = "anvil.dev/scheduled-by-uid";
  /** Name of the scheduled Workflow a run was created by (when it fits a label value). */
  static final String SCHEDULED_BY_LABEL = "anvil.dev/scheduled-by";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final ScheduleDecider decider;
  private final Clock clock;
  private final EventRecorder events;

  ScheduledWorkflows(Clock clock, EventRecorder events) {
    this.decider = new ScheduleDecider(clock);
    this.clock = clock;
    this.events = events;
  }

  /** Decides and acts for {@code template}; returns the status to record and when to look again. */
  Map.Entry<WorkflowStatus, Duration> reconcile(KubernetesClient client, Workflow template,
      Collection<Workflow> runs) {
    var previous = template.getStatus();
    var status = previous == null ? new WorkflowStatus() : SERIALIZATION.clone(previous);
    status.setObservedGeneration(template.getMetadata().getGeneration());
    var now = clock.instant();
    ScheduleDecision decision;
    try {
      decision = decider.decide(template, runs.stream().map(ChildRun::of).toList());
    } catch (InvalidScheduleException e) {
      status.setPhase(RunPhase.Failed);
      Conditions.set(status.getConditions(), WorkflowStatus.SCHEDULED, FALSE, WorkflowRun.INVALID_SPEC,
          e.getMessage(), status.getObservedGeneration(), now);
      Conditions.set(status.getConditions(), WorkflowStatus.SUCCEEDED, FALSE, WorkflowRun.INVALID_SPEC,
          e.getMessage(), status.getObservedGeneration(), now);
      return Map.entry(status, Duration.ofMinutes(10));
    }
    var workflows = client.resources(Workflow.class).inNamespace(template.getMetadata().getNamespace());
    decision.runsToReplace().forEach(name -> workflows.withName(name).delete());
    decision.runToCreate().ifPresent(run -> create(client, template, run.name()));
    decision.runsToPrune().forEach(name -> workflows.withName(name).delete());
    for (ScheduleEvent event : decision.events()) {
      if (event.type() == ScheduleEvent.Type.Warning) {
        events.warning(template, event.reason(), event.message());
      } else {
        events.normal(template, event.reason(), event.message());
      }
    }
    decision.runToCreate().ifPresent(run -> events.normal(template, "RunCreated", "created run " + run.name()
        + " for the tick at " + run.scheduledTime()));
    status.setSchedule(decision.status());
    status.setPhase(RunPhase.Scheduled);
    boolean suspended = Boolean.TRUE.equals(template.getSpec().getSchedule().getSuspend());
    Conditions.set(status.getConditions(), WorkflowStatus.SCHEDULED, suspended ? FALSE : TRUE,
        suspended ? "Suspended" : "Active", suspended ? "spec.schedule.suspend is true: no new runs start"
        : "next run at " + decision.status().getNextScheduleTime(), status.getObservedGeneration(), now);
    return Map.entry(status, decision.requeueAfter().orElse(null));
  }

  private static void create(KubernetesClient client, Workflow template, String name) {
    var meta = template.getMetadata();
    var spec = SERIALIZATION.clone(template.getSpec());
    spec.setSchedule(null);
    var run = new Workflow();
    var labels = new java.util.LinkedHashMap<String, String>();
    if (meta.getName().length() <= 63) {
      labels.put(SCHEDULED_BY_LABEL, meta.getName());
    }
    labels.put(SCHEDULED_BY_UID_LABEL, meta.getUid());
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(meta.getNamespace()).withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(template.getApiVersion())
            .withKind(template.getKind()).withName(meta.getName()).withUid(meta.getUid()).withController(true)
            .withBlockOwnerDeletion(true).build())
        .build());
    run.setSpec(spec);
    try {
      client.resource(run).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) { // 409: created before a restart; the decision saw it by name
        throw e;
      }
    }
  }

  /** Whether {@code spec} makes its Workflow a scheduled template. */
  static boolean isScheduled(WorkflowSpec spec) {
    return spec != null && spec.unreadable() == null && spec.getSchedule() != null;
  }
}
