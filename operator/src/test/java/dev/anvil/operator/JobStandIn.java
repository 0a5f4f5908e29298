package dev.anvil.operator;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.status.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays the Job reconciler for Pipeline and Workflow tests: each child Job runs as its agent script says and its status is
 * written the way the operator would. Script words: {@code ms=<n>} (run time), {@code fail}, {@code hang},
 * {@code <key>=<value>} (a result).
 */
public final class JobStandIn implements AutoCloseable {

  /** A child Job's run as seen by the stand-in. */
  public record Run(String name, long startNanos, long endNanos) {
  }

  private final KubernetesClient client;
  private final SharedIndexInformer<Job> informer;
  private final ScheduledExecutorService runner = Executors.newScheduledThreadPool(4);
  private final Map<String, Integer> added = new ConcurrentHashMap<>();
  private final List<String> deleted = new CopyOnWriteArrayList<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();

  /** Runs the Jobs in {@code namespace} that carry the label {@code label}. */
  public JobStandIn(KubernetesClient client, String namespace, String label) {
    this.client = client;
    this.informer = client.resources(Job.class).inNamespace(namespace).withLabel(label)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Job job) {
            start(job);
          }

          @Override
          public void onUpdate(Job before, Job job) {
          }

          @Override
          public void onDelete(Job job, boolean unknownFinalState) {
            deleted.add(job.getMetadata().getName());
          }
        });
  }

  /** How often each child Job appeared (a task run twice would show 2, or a deletion). */
  public Map<String, Integer> added() {
    return added;
  }

  public List<String> deleted() {
    return deleted;
  }

  public Map<String, Run> runs() {
    return runs;
  }

  public int mostRunningAtOnce() {
    return mostRunning.get();
  }

  private void start(Job job) {
    var name = job.getMetadata().getName();
    added.merge(name, 1, Integer::sum);
    var words = job.getSpec().getAgent().getScript().split("\\s+");
    if (List.of(words).contains("hang")) {
      return;
    }
    long millis = 0;
    var results = new LinkedHashMap<String, String>();
    for (var word : words) {
      if (word.startsWith("ms=")) {
        millis = Long.parseLong(word.substring(3));
      } else if (word.contains("=")) {
        results.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
      }
    }
    boolean fail = List.of(words).contains("fail");
    long startNanos = System.nanoTime();
    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    var startTime = Instant.now();
    runner.schedule(() -> {
      running.decrementAndGet();
      runs.put(name, new Run(name, startNanos, System.nanoTime()));
      finish(job, startTime, fail, results);
    }, millis, TimeUnit.MILLISECONDS);
  }

  private void finish(Job job, Instant startTime, boolean fail, Map<String, String> results) {
    var jobs = client.resources(Job.class).inNamespace(job.getMetadata().getNamespace());
    for (int tries = 0; tries < 20; tries++) {
      var current = jobs.withName(job.getMetadata().getName()).get();
      if (current == null) {
        return;
      }
      var status = new JobStatus();
      status.setPhase(fail ? JobPhase.Failed : JobPhase.Succeeded);
      status.setStartTime(startTime.toString());
      status.setCompletionTime(Instant.now().toString());
      status.setResults(fail ? new LinkedHashMap<>() : new LinkedHashMap<>(results));
      Conditions.set(status.getConditions(), JobStatus.SUCCEEDED, fail ? Conditions.FALSE : Conditions.TRUE,
          fail ? "RetryLimitExceeded" : "Completed", fail ? "exit code 1" : "exit code 0", 1L, Instant.now());
      current.setStatus(status);
      try {
        jobs.resource(current).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    informer.close();
    runner.shutdownNow();
  }
}
