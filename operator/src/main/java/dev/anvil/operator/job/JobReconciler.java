package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.operator.CachedByUid;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.logs.PodLogCopiers;
import dev.anvil.operator.metrics.JobMetrics;
import dev.anvil.operator.scheduling.AdmissionQueue;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusUnavailableException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a Job: observe its Pods (or, for executor Agent, the agent bus), decide with {@link JobDecision}, act, record
 * the status.
 */
@ControllerConfiguration(name = JobReconciler.NAME)
public class JobReconciler implements Reconciler<Job> {

  public static final String NAME = "job";
  private static final Logger LOG = LoggerFactory.getLogger(JobReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();


  private final JobDecision decision;
  private final AgentBus agentBus;
  private final PodLogCopiers podLogs;
  private IndexerResourceCache<Job> jobs;
  private final AdmissionQueue admissions;
  private final EventRecorder events;
  private final JobMetrics metrics;
  private final Clock clock;
  private InformerEventSource<Pod, Job> podSource;
  private final SimpleInboundEventSource<Job> wakeups = new SimpleInboundEventSource<>("queued-job-wakeups");
  private final Object placement = new Object();
  private final PlacedAttempts placed = new PlacedAttempts();

  public JobReconciler(AdmissionQueue admissions, EventRecorder events, JobMetrics metrics, Clock clock) {
    this(admissions, events, metrics, clock, null);
  }

  /** {@code agentBus}: the Agent executor's bus, or null when this operator has none (Agent Jobs then wait). */
  public JobReconciler(AdmissionQueue admissions, EventRecorder events, JobMetrics metrics, Clock clock,
      AgentBus agentBus) {
    this(admissions, events, metrics, clock, agentBus, null);
  }

  /** {@code podLogs}: copies Pod attempts' logs into the log store, or null when there is none (no Redis). */
  public JobReconciler(AdmissionQueue admissions, EventRecorder events, JobMetrics metrics, Clock clock,
      AgentBus agentBus, PodLogCopiers podLogs) {
    this.podLogs = podLogs;
    this.decision = new JobDecision(agentBus != null);
    this.agentBus = agentBus;
    this.admissions = admissions;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Job>> prepareEventSources(EventSourceContext<Job> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, Job.class)
        .withName("attempt-pods")
        .withLabelSelector(AttemptPods.JOB_UID_LABEL)
        .build();
    podSource = new InformerEventSource<>(config, context);
    jobs = context.getPrimaryCache();
    CachedByUid.index(jobs);
    return List.of(podSource, wakeups);
  }

  @Override
  public UpdateControl<Job> reconcile(Job job, Context<Job> context) {
    long started = System.nanoTime();
    try {
      return reconcileAt(job, context, clock.instant());
    } finally {
      metrics.reconciled(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private UpdateControl<Job> reconcileAt(Job job, Context<Job> context, Instant now) {
    if (!mayPlaceOnAgent(job)) {
      return decideAndAct(job, context, now);
    }
    // Placement counts an agent's load from the Job statuses (cached, plus PlacedAttempts until the cache shows them):
    // two Jobs placed concurrently would both see the same free slot, so placements take turns.
    synchronized (placement) {
      return decideAndAct(job, context, now);
    }
  }

  /** An Agent Job with no attempt running: this reconcile may pick an agent for its next attempt. */
  private boolean mayPlaceOnAgent(Job job) {
    if (agentBus == null || job.getSpec() == null || !JobDecision.isAgentJob(job)) {
      return false;
    }
    var status = job.getStatus();
    if (status == null || status.getAttempts().isEmpty()) {
      return true;
    }
    return !JobDecision.isTerminal(status) && status.getAttempts().get(status.getAttempts().size() - 1).finished();
  }

  private UpdateControl<Job> decideAndAct(Job job, Context<Job> context, Instant now) {
    var client = context.getClient();
    var previous = job.getStatus(); // the status write below replaces it on this very object
    var pods = attemptPods(job, context, client);
    var admission = decision.needsAdmission(job, pods)
        ? admissions.decide(job, namespaceJobs(job, context)) : null;
    var agents = agentView(job, context);
    var plan = decision.decide(job, pods, admission, agents, now);

    copyLogs(job, pods.values());
    // Pods deleted here (deadline passed, Job suspended) do not wait for their log copier: it keeps what it copied
    // before the Pod went and marks the log done, as for a Pod deleted by anyone else.
    plan.deletes().forEach(d -> deletePod(client, job, d.name()));
    if (plan.create() != null) {
      var problem = createPod(client, job, plan.create());
      if (problem != null) {
        plan = problem.permanent() ? decision.podRejected(job, problem.message(), now)
            : decision.podBlocked(job, problem.reason(), problem.message(), now);
      }
    }
    if (agents != null) {
      // before the status that records the attempt as ended: should the send fail, the reconcile fails and the
      // retry decides (and cancels) again, where after the write nothing would cancel it any more
      plan.cancels().forEach(cancel -> agentBus.cancel(job, cancel));
    }
    if (!sameStatus(job.getStatus(), plan.status())) {
      var status = plan.status();
      // The operator is the status's only writer, so on a conflict the status computed here is written again over
      // the newer copy; a reconcile follows the write in any case and recomputes from the Pods.
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(job, context, j -> {
        j.setStatus(status);
        return j;
      });
    }
    if (agents != null) {
      // only now that the status holds the attempt: a command for an unrecorded attempt could run untracked
      plan.runs().forEach(run -> {
        placed.placed(job.getMetadata().getUid(), run.attempt(), run.agent());
        agentBus.run(job, run);
      });
      agentBus.applied(job.getMetadata().getUid(), plan.status());
      // a slot freed on an agent goes to the Jobs waiting for one now, not at their next recheck
      AgentWaiters.toWake(job, previous, plan.status(), agents, context.getPrimaryCache().list().toList())
          .forEach(next -> wakeups.propagateEvent(ResourceID.fromResource(next)));
    }
    record(job, plan);
    if (plan.finishedOutcome() != null) {
      wakeQueued(job, context);
    }
    if (plan.deleteJob()) {
      LOG.info("deleting Job {}/{}: ttlSecondsAfterFinished passed", job.getMetadata().getNamespace(),
          job.getMetadata().getName());
      client.resource(job).delete();
    }
    var control = UpdateControl.<Job>noUpdate();
    return plan.requeueAfter() == null ? control : control.rescheduleAfter(plan.requeueAfter());
  }

  /**
   * Reconciles the Job with this uid soon (an agent reported about it); false when no such Job is cached, i.e. it
   * was deleted.
   */
  public boolean wake(String jobUid) {
    var found = jobs == null ? List.<Job>of() : CachedByUid.find(jobs, jobUid);
    found.forEach(j -> wakeups.propagateEvent(ResourceID.fromResource(j)));
    return !found.isEmpty();
  }

  /**
   * Whether an attempt an agent says it runs should be left alone: false when its Job is gone (deleted) or its status
   * records that the operator ended it (cancelled, timed out, or lost and retried elsewhere).
   */
  public boolean shouldRun(AttemptId attempt) {
    if (jobs == null) {
      return true; // no cache yet: nothing is known to be unwanted
    }
    var found = CachedByUid.find(jobs, attempt.jobUid());
    if (found.isEmpty()) {
      return false;
    }
    var status = found.get(0).getStatus();
    if (status == null) {
      return true;
    }
    // not recorded yet: the status write is on its way; ended by the agent's own report: the heartbeat that lists it
    // is older than that report, and the process is over
    return status.getAttempts().stream().filter(a -> a.getNumber() == attempt.attempt()).findFirst()
        .map(a -> !a.finished() || AgentAttempts.endedOnAgent(a)).orElse(true);
  }

  /** Reconciles every unfinished Agent Job soon: the agent bus answers again, and they may have waited for it. */
  public void wakeAgentJobs() {
    if (jobs == null) {
      return;
    }
    jobs.list().filter(j -> j.getSpec() != null && JobDecision.isAgentJob(j)
            && (j.getStatus() == null || !JobDecision.isTerminal(j.getStatus())))
        .forEach(j -> wakeups.propagateEvent(ResourceID.fromResource(j)));
  }

  /** What the agent bus shows for an Agent Job, or null for a Pod Job or without the bus. */
  private AgentView agentView(Job job, Context<Job> context) {
    if (agentBus == null || job.getSpec() == null || !JobDecision.isAgentJob(job)) {
      return null;
    }
    var uid = job.getMetadata().getUid();
    if (job.getStatus() != null && JobDecision.isTerminal(job.getStatus())) {
      // finished: only late or duplicated reports can be left, and they change nothing
      return new AgentView(List.of(), Map.of(), Set.of(), agentBus.reports(uid), agentBus.heartbeatTimeout());
    }
    var assigned = new HashMap<String, Set<String>>();
    var ended = new HashSet<String>();
    context.getPrimaryCache().list().forEach(other -> {
      var status = other.getStatus();
      if (status == null) {
        return;
      }
      for (var attempt : status.getAttempts()) {
        var id = new AttemptId(other.getMetadata().getUid(), attempt.getNumber()).toString();
        if (attempt.getAgent() != null && !attempt.finished()) {
          assigned.computeIfAbsent(attempt.getAgent(), a -> new HashSet<>()).add(id);
        } else if (AgentAttempts.endedOnAgent(attempt)) {
          ended.add(id);
        }
      }
    });
    placed.addUnseen(assigned, jobUid -> CachedByUid.find(jobs, jobUid).stream().findFirst().orElse(null));
    try {
      var live = agentBus.live();
      var registry = agentBus.livenessSettled() ? AgentView.Registry.CURRENT : AgentView.Registry.SETTLING;
      return new AgentView(live, assigned, ended, agentBus.reports(uid), agentBus.heartbeatTimeout(), registry);
    } catch (BusUnavailableException e) {
      // the Job waits and says so; the bus has logged the outage once, a failed reconcile would log it every retry
      return new AgentView(List.of(), assigned, ended, agentBus.reports(uid), agentBus.heartbeatTimeout(),
          AgentView.Registry.UNREADABLE);
    }
  }

  @Override
  public ErrorStatusUpdateControl<Job> updateErrorStatus(Job job, Context<Job> context, Exception e) {
    metrics.reconcileFailed();
    LOG.warn("reconcile of Job {}/{} failed, will retry: {}", job.getMetadata().getNamespace(),
        job.getMetadata().getName(), e.getMessage());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  private Map<Integer, Pod> attemptPods(Job job, Context<Job> context, KubernetesClient client) {
    var byAttempt = new HashMap<Integer, Pod>();
    for (var pod : context.getSecondaryResources(Pod.class)) {
      int attempt = AttemptPods.attemptOf(pod);
      if (attempt > 0) {
        byAttempt.put(attempt, pod);
      }
    }
    // The cache may not have a Pod created a moment ago: ask the API before calling a running attempt's Pod gone.
    var status = job.getStatus();
    if (status != null && !status.getAttempts().isEmpty()) {
      var last = status.getAttempts().get(status.getAttempts().size() - 1);
      if (!last.finished() && !byAttempt.containsKey(last.getNumber()) && last.getPod() != null) {
        var live = client.pods().inNamespace(job.getMetadata().getNamespace()).withName(last.getPod()).get();
        if (live != null && isOwnedBy(live, job)) {
          byAttempt.put(last.getNumber(), live);
        }
      }
    }
    return byAttempt;
  }

  private static boolean isOwnedBy(Pod pod, Job job) {
    return pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> Objects.equals(o.getUid(), job.getMetadata().getUid()));
  }

  /** Why an attempt's Pod could not be created; permanent problems fail the Job, the others make it wait. */
  private record CreateProblem(String reason, String message, boolean permanent) {
  }

  /**
   * Creates the attempt's Pod; our own Pod already there (a repeated reconcile) counts as created. Returns null, or
   * why the Pod could not be created.
   */
  private CreateProblem createPod(KubernetesClient client, Job job, JobPlan.CreatePod create) {
    var pod = AttemptPods.build(job, create.attempt(), create.deadlineSeconds());
    var name = pod.getMetadata().getName();
    var pods = client.pods().inNamespace(job.getMetadata().getNamespace());
    try {
      var created = pods.resource(pod).create();
      podSource.handleRecentResourceCreate(ResourceID.fromResource(job), created);
      copyLogs(job, List.of(created));
      metrics.attemptStarted();
      return null;
    } catch (KubernetesClientException e) {
      var why = e.getStatus() == null || e.getStatus().getMessage() == null ? e.getMessage() : e.getStatus().getMessage();
      return switch (e.getCode()) {
        case 409 -> {
          var existing = pods.withName(name).get();
          yield existing == null || isOwnedBy(existing, job) ? null
              : new CreateProblem("PodNameTaken", "Pod " + name + " exists and belongs to someone else; the attempt "
                  + "starts once it is gone", false);
        }
        case 400, 422 -> new CreateProblem(JobDecision.INVALID_SPEC,
            "the API server rejected Pod " + name + ": " + why, true);
        case 403 -> new CreateProblem("PodCreateForbidden",
            "the API server refused to create Pod " + name + " (a ResourceQuota or Pod Security policy?): " + why,
            false);
        default -> throw e;
      };
    }
  }

  /** Every existing attempt Pod's log goes to the log store; a map lookup for those already being copied. */
  private void copyLogs(Job job, java.util.Collection<Pod> attemptPods) {
    if (podLogs == null) {
      return;
    }
    for (var pod : attemptPods) {
      podLogs.copy(new AttemptId(job.getMetadata().getUid(), AttemptPods.attemptOf(pod)), pod);
    }
  }

  private static void deletePod(KubernetesClient client, Job job, String name) {
    client.pods().inNamespace(job.getMetadata().getNamespace()).withName(name).delete();
  }

  private void record(Job job, JobPlan plan) {
    for (var note : plan.notes()) {
      if (note.warning()) {
        events.warning(job, note.reason(), note.message());
      } else {
        events.normal(job, note.reason(), note.message());
      }
    }
    if (plan.finishedOutcome() != null) {
      metrics.finished(plan.finishedOutcome());
      LOG.info("Job {}/{} {}", job.getMetadata().getNamespace(), job.getMetadata().getName(), plan.finishedOutcome());
    }
  }

  private void wakeQueued(Job job, Context<Job> context) {
    admissions.nextInLine(namespaceJobs(job, context), 1)
        .forEach(next -> wakeups.propagateEvent(ResourceID.fromResource(next)));
  }

  private static List<Job> namespaceJobs(Job job, Context<Job> context) {
    return context.getPrimaryCache().list(job.getMetadata().getNamespace()).toList();
  }

  private static boolean sameStatus(JobStatus current, JobStatus next) {
    return current != null && SERIALIZATION.convertValue(current, Map.class)
        .equals(SERIALIZATION.convertValue(next, Map.class));
  }
}
