package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.function.BiFunction;

/** Runs rounds of Jobs and times them through a watch of every Job, as any client would see them progress. */
final class RoundWatch implements AutoCloseable {

  private final SharedIndexInformer<Job> informer;
  private volatile JobRound current;

  RoundWatch(KubernetesClient client) {
    informer = client.resources(Job.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        seen(job);
      }

      @Override
      public void onUpdate(Job oldJob, Job job) {
        seen(job);
      }

      @Override
      public void onDelete(Job job, boolean unknownFinalState) {
      }
    });
  }

  private void seen(Job job) {
    long now = System.nanoTime();
    var round = current;
    if (round != null) {
      round.seen(job, now);
    }
  }

  /**
   * Creates {@code jobs} Jobs named {@code job-<i>} ({@code job(namespace, name)} builds each) from
   * {@code concurrency} threads and waits until every one succeeded or failed.
   */
  JobRound run(KubernetesClient client, String namespace, int jobs, int concurrency,
      BiFunction<String, String, Job> job, Duration timeout) throws InterruptedException {
    var round = new JobRound(namespace, jobs);
    current = round;
    round.submitting();
    Parallel.run(concurrency, jobs, index -> {
      round.applying(index);
      client.resource(job.apply(namespace, JobRound.name(index))).create();
    });
    round.submitted();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!round.settled()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + round.succeeded() + " of " + jobs + " Jobs succeeded ("
            + round.failed() + " failed) within " + timeout.toMinutes() + " minutes");
      }
      Thread.sleep(5); // the watch offers no "all done" event; 5 ms is below the resolution that matters here
    }
    return round;
  }

  @Override
  public void close() {
    informer.close();
  }
}
