package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;

/** Runs rounds of Jobs and times them through a watch of every Job, as any client would see them progress. */
final class RoundWatch implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

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

  /** A measured round with the requests it cost (by kind) and the CPU each thread group used meanwhile. */
  record Measured(JobRound round, Map<String, Long> requests, Map<String, Long> cpu) {

    /** Prints requests per Job beside the ceiling's, and CPU by thread group. */
    void print(PrintStream out, String who, Map<String, Long> ceilingRequests) {
      out.println();
      RequestCounter.printPerJob(out, "Requests per Job, " + who + " (measured round, events may trail):", requests,
          round.jobs());
      RequestCounter.printPerJob(out, "Requests per Job, bare ceiling:", ceilingRequests, round.jobs());
      ThreadCpu.print(out, cpu, "the measured round", round.wallSeconds(), 14);
    }
  }

  /**
   * A discarded round in {@code namespace}: run, wait for its Succeeded Events (they trail), clean up, and say how
   * long it took.
   */
  void warmUp(KubernetesClient client, KubernetesClient admin, String namespace, int jobs, int concurrency,
      BiFunction<String, String, Job> job, PrintStream out) throws InterruptedException {
    var warm = run(client, namespace, jobs, concurrency, job, TIMEOUT);
    RoundCleanup.awaitSucceededEvents(admin, namespace, jobs);
    RoundCleanup.clean(admin, namespace, out);
    out.printf("warm-up: %d Jobs in %.1f s (discarded)%n", jobs, warm.wallSeconds());
  }

  /** The measured round, counting the requests of {@code counter}'s clients and the CPU of every thread. */
  Measured measure(KubernetesClient client, RequestCounter counter, String namespace, int jobs, int concurrency,
      BiFunction<String, String, Job> job) throws InterruptedException {
    counter.reset();
    var cpu = ThreadCpu.snapshot();
    var round = run(client, namespace, jobs, concurrency, job, TIMEOUT);
    var used = cpu.since();
    return new Measured(round, counter.snapshot(), used);
  }

  /**
   * Creates {@code jobs} Jobs named {@code job-<i>} ({@code job(namespace, name)} builds each) from
   * {@code concurrency} threads and waits until every one succeeded or failed.
   */
  private JobRound run(KubernetesClient client, String namespace, int jobs, int concurrency,
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
