package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.operator.events.EventRecorder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import dev.anvil.operator.SpecOrAnnotationChange;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives a Pipeline: one child Job per task, created when its dependencies allow; status summed up small. */
@ControllerConfiguration(name = PipelineReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrAnnotationChange.class))
public class PipelineReconciler implements Reconciler<Pipeline> {

  public static final String NAME = "pipeline";
  /** Child Jobs created at the same time by one reconcile. */
  static final int CONCURRENT_CREATES = 8;
  private static final Logger LOG = LoggerFactory.getLogger(PipelineReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final EventRecorder events;
  private final Clock clock;
  private InformerEventSource<Job, Pipeline> childSource;
  private final PipelineShapes shapes = new PipelineShapes();
  private final ExecutorService creators = Executors.newFixedThreadPool(CONCURRENT_CREATES, runnable -> {
    var thread = new Thread(runnable, "pipeline-task-creator");
    thread.setDaemon(true);
    return thread;
  });

  public PipelineReconciler(EventRecorder events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
    var config = InformerEventSourceConfiguration.from(Job.class, Pipeline.class)
        .withName("pipeline-tasks")
        .withLabelSelector(ChildJobs.TASK_LABEL)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Pipeline.class))
        .build();
    childSource = new InformerEventSource<>(config, context);
    return List.of(childSource);
  }

  @Override
  public UpdateControl<Pipeline> reconcile(Pipeline pipeline, Context<Pipeline> context) {
    if (PipelineDecision.isFinished(pipeline.getStatus())) {
      shapes.forget(pipeline);
      return UpdateControl.noUpdate(); // a Pipeline is one run: once finished, nothing changes it
    }
    var plan = PipelineDecision.decide(pipeline, shapes.of(pipeline), children(pipeline, context), clock.instant());
    var client = context.getClient();
    plan.stops.forEach(stop -> stop(client, stop));
    // a wide Pipeline starts hundreds of tasks in one reconcile: create them several at a time
    var problems = plan.creates.stream()
        .map(child -> CompletableFuture.supplyAsync(() -> create(client, pipeline, child), creators)).toList();
    boolean refused = false;
    for (int i = 0; i < problems.size(); i++) {
      var problem = join(problems.get(i));
      if (problem != null) {
        refused = true;
        refuse(plan, pipeline, plan.creates.get(i), problem);
      }
    }
    if (!sameStatus(pipeline, plan)) {
      PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(pipeline, context, p -> {
        p.setStatus(plan.status);
        return p;
      });
    }
    plan.notes.forEach(note -> {
      if (note.warning()) {
        events.warning(pipeline, note.reason(), note.message());
      } else {
        events.normal(pipeline, note.reason(), note.message());
      }
    });
    if (refused) {
      plan.requeueWithin(Duration.ofSeconds(1)); // the refusal recorded in status decides the run's next step
    }
    var control = UpdateControl.<Pipeline>noUpdate();
    return plan.requeueAfter == null ? control : control.rescheduleAfter(plan.requeueAfter);
  }

  private static String join(CompletableFuture<String> creation) {
    try {
      return creation.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause; // the reconcile fails and is retried; the creates that went through are found by name then
      }
      throw e;
    }
  }

  private Map<String, Job> children(Pipeline pipeline, Context<Pipeline> context) {
    var byTask = new HashMap<String, Job>();
    var uid = pipeline.getMetadata().getUid();
    for (var job : context.getSecondaryResources(Job.class)) {
      var labels = job.getMetadata().getLabels();
      if (labels != null && uid.equals(labels.get(ChildJobs.PIPELINE_UID_LABEL))) {
        byTask.put(labels.get(ChildJobs.TASK_LABEL), job);
      }
    }
    // The informer's index can miss a child while its new version is being stored: a task the status records as
    // running but the index does not show is asked for by name before it counts as deleted.
    var status = pipeline.getStatus();
    if (status != null) {
      status.getTasks().stream()
          .filter(t -> (t.getPhase() == StepPhase.Running || t.getPhase() == StepPhase.Retrying)
              && !byTask.containsKey(t.getName()))
          .forEach(t -> {
            var name = t.getJob() != null ? t.getJob() : ChildJobs.name(pipeline, t.getName());
            var found = context.getClient().resources(Job.class).inNamespace(pipeline.getMetadata().getNamespace())
                .withName(name).get();
            if (found != null) {
              byTask.put(t.getName(), found);
            }
          });
    }
    return byTask;
  }

  /** Creates a child; returns why the API refused it for good, or null when it exists now (created or found). */
  private String create(KubernetesClient client, Pipeline pipeline, Job child) {
    try {
      var created = client.resource(child).create();
      childSource.handleRecentResourceCreate(ResourceID.fromResource(created), created);
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return existingIsOurs(client, pipeline, child);
      }
      if (e.getCode() == 422 || e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST) {
        return "the API refused its Job: " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
      }
      throw e;
    }
  }

  /** A create that collided: our own child from an earlier reconcile (fine), or somebody else's Job (a failure). */
  private static String existingIsOurs(KubernetesClient client, Pipeline pipeline, Job child) {
    var existing = client.resource(child).get();
    if (existing == null) {
      throw new IllegalStateException("Job " + child.getMetadata().getName() + " collided but is gone; retrying");
    }
    var owners = existing.getMetadata().getOwnerReferences();
    boolean ours = owners != null && owners.stream().anyMatch(o -> pipeline.getMetadata().getUid().equals(o.getUid()));
    return ours ? null : "a Job named " + child.getMetadata().getName() + " already exists and is not this Pipeline's";
  }

  private void refuse(PipelinePlan plan, Pipeline pipeline, Job child, String problem) {
    var task = child.getMetadata().getLabels().get(ChildJobs.TASK_LABEL);
    LOG.info("Pipeline task {} not started: {}", task, problem);
    PipelineDecision.refused(plan, pipeline, task, problem, clock.instant());
    plan.notes.add(new PipelinePlan.Note(true, PipelineDecision.TASK_FAILED, "task " + task + ": " + problem));
  }

  private void stop(KubernetesClient client, PipelinePlan.Stop stop) {
    var child = stop.child();
    try {
      var updated = client.resources(Job.class).inNamespace(child.getMetadata().getNamespace())
          .withName(child.getMetadata().getName()).edit(j -> {
            j.getMetadata().getAnnotations().put(TaskStep.STOPPED_ANNOTATION, stop.stoppedBy());
            j.getSpec().setSuspend(true);
            return j;
          });
      childSource.handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, child);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  private static boolean sameStatus(Pipeline pipeline, PipelinePlan plan) {
    return pipeline.getStatus() != null
        && SERIALIZATION.asJson(pipeline.getStatus()).equals(SERIALIZATION.asJson(plan.status));
  }
}
