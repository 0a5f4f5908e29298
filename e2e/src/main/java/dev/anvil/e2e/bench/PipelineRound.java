package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.RunPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Pipeline run, timed through watches as a client sees it: when each child Job appeared and was first seen
 * Succeeded (System.nanoTime), every Pipeline object the watch delivered (count and largest size), and the end.
 */
final class PipelineRound {

  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  private final Map<String, List<String>> dependencies;
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final Map<String, Long> succeeded = new ConcurrentHashMap<>();
  private final Map<String, Job> finished = new ConcurrentHashMap<>();
  private final AtomicLong largestPipeline = new AtomicLong();
  private final AtomicInteger pipelineVersions = new AtomicInteger();
  private volatile long submitted;
  private volatile long ended;
  private volatile RunPhase phase;
  private long specBytes;

  private PipelineRound(Map<String, List<String>> dependencies) {
    this.dependencies = dependencies;
  }

  /** Creates {@code pipeline} and waits until it succeeded or failed; its children are labelled with its name. */
  static PipelineRound run(KubernetesClient client, Pipeline pipeline, Map<String, List<String>> dependencies)
      throws InterruptedException {
    var round = new PipelineRound(dependencies);
    var serialization = client.getKubernetesSerialization();
    round.specBytes = serialization.asJson(pipeline).length();
    var namespace = pipeline.getMetadata().getNamespace();
    var name = pipeline.getMetadata().getName();
    try (var jobs = client.resources(Job.class).inNamespace(namespace).withLabel("anvil.dev/pipeline", name)
        .inform(handler(round::seenJob));
        var pipelines = client.resources(Pipeline.class).inNamespace(namespace).withName(name)
            .inform(handler(p -> round.seenPipeline(p, serialization.asJson(p).length())))) {
      round.submitted = System.nanoTime();
      client.resource(pipeline).create();
      long deadline = round.submitted + TIMEOUT.toNanos();
      while (round.ended == 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Pipeline " + name + " did not finish within " + TIMEOUT.toMinutes()
              + " minutes: " + round.succeeded.size() + " of " + dependencies.size() + " tasks succeeded");
        }
        Thread.sleep(5); // the watch offers no "finished" event to block on; 5 ms is below what matters here
      }
    }
    return round;
  }

  private static <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T item) {
        seen.accept(item);
      }

      @Override
      public void onUpdate(T before, T item) {
        seen.accept(item);
      }

      @Override
      public void onDelete(T item, boolean unknownFinalState) {
      }
    };
  }

  private void seenJob(Job job) {
    long now = System.nanoTime();
    var task = job.getMetadata().getLabels().get("anvil.dev/pipeline-task");
    created.putIfAbsent(task, now);
    if (job.getStatus() != null && job.getStatus().getPhase() == JobPhase.Succeeded) {
      succeeded.putIfAbsent(task, now);
      finished.putIfAbsent(task, job);
    }
  }

  private void seenPipeline(Pipeline pipeline, long bytes) {
    long now = System.nanoTime();
    pipelineVersions.incrementAndGet();
    largestPipeline.accumulateAndGet(bytes, Math::max);
    var status = pipeline.getStatus();
    if (status != null && (status.getPhase() == RunPhase.Succeeded || status.getPhase() == RunPhase.Failed)
        && ended == 0) {
      phase = status.getPhase();
      ended = now;
    }
  }

  RunPhase phase() {
    return phase;
  }

  int tasks() {
    return dependencies.size();
  }

  int succeededTasks() {
    return succeeded.size();
  }

  /** Pipeline created → seen Succeeded, in seconds. */
  double wallSeconds() {
    return (ended - submitted) / 1e9;
  }

  double tasksPerMinute() {
    return tasks() / wallSeconds() * 60;
  }

  long specBytes() {
    return specBytes;
  }

  long largestPipelineBytes() {
    return largestPipeline.get();
  }

  /** Versions of the Pipeline the watch delivered: its create and every status write the watch saw. */
  int pipelineVersions() {
    return pipelineVersions.get();
  }

  /**
   * Per task: from the moment it could start (its last upstream task seen Succeeded, or the Pipeline's create for a
   * task without upstream) to its child Job seen created. Includes the wait for a maxParallel slot.
   */
  long[] readyToCreated() {
    return dependencies.entrySet().stream().filter(e -> created.containsKey(e.getKey())).mapToLong(e -> {
      long ready = e.getValue().stream().mapToLong(d -> succeeded.getOrDefault(d, submitted)).max().orElse(submitted);
      return created.get(e.getKey()) - ready;
    }).toArray();
  }

  /** The child Jobs' own run time (status startTime → completionTime, the operator's clock), per task. */
  Map<String, Long> runNanos() {
    var run = new HashMap<String, Long>();
    finished.forEach((task, job) -> run.put(task, Duration.between(Instant.parse(job.getStatus().getStartTime()),
        Instant.parse(job.getStatus().getCompletionTime())).toNanos()));
    return run;
  }

  /** The longest path through the task graph, each task weighted with its child Job's run time, in seconds. */
  double criticalPathSeconds() {
    var run = runNanos();
    var finish = new HashMap<String, Long>();
    long longest = 0;
    for (var entry : dependencies.entrySet()) { // spec order is a topological order in every benchmark shape
      long start = entry.getValue().stream().mapToLong(d -> finish.getOrDefault(d, 0L)).max().orElse(0);
      long end = start + run.getOrDefault(entry.getKey(), 0L);
      finish.put(entry.getKey(), end);
      longest = Math.max(longest, end);
    }
    return longest / 1e9;
  }

  /** p50 / p99 of {@code nanos} in milliseconds. */
  static String p50p99(long[] nanos) {
    var sorted = nanos.clone();
    Arrays.sort(sorted);
    return percentile(sorted, 50) + " / " + percentile(sorted, 99) + " ms";
  }

  private static String percentile(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return "-";
    }
    int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return String.format("%,.0f", sorted[index] / 1e6);
  }
}
