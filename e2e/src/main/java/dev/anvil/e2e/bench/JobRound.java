package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One round of Jobs: when each was applied and first seen Running and Succeeded (System.nanoTime), and its figures. */
final class JobRound {

  static final String NAME_PREFIX = "job-";

  private final String namespace;
  private final long[] applied;
  private final Map<String, Long> running = new ConcurrentHashMap<>();
  private final Map<String, Long> succeeded = new ConcurrentHashMap<>();
  private final Map<String, Long> attemptToSucceeded = new ConcurrentHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private volatile long firstApply;
  private volatile long lastApplyReturned;

  JobRound(String namespace, int jobs) {
    this.namespace = namespace;
    this.applied = new long[jobs];
  }

  static String name(int index) {
    return NAME_PREFIX + index;
  }

  String namespace() {
    return namespace;
  }

  int jobs() {
    return applied.length;
  }

  void submitting() {
    firstApply = System.nanoTime();
  }

  void applying(int index) {
    applied[index] = System.nanoTime();
  }

  void submitted() {
    lastApplyReturned = System.nanoTime();
  }

  /** Records what a watch event shows of a Job of this round. */
  void seen(Job job, long now) {
    if (!namespace.equals(job.getMetadata().getNamespace()) || job.getStatus() == null) {
      return;
    }
    var phase = job.getStatus().getPhase();
    var name = job.getMetadata().getName();
    if (phase == JobPhase.Running || phase == JobPhase.Succeeded) {
      running.putIfAbsent(name, now); // a Running update folded into Succeeded counts as Running then
    }
    if (phase == JobPhase.Succeeded) {
      succeeded.putIfAbsent(name, now);
      var attempts = job.getStatus().getAttempts();
      attemptToSucceeded.computeIfAbsent(name, n -> Duration.between(
          Instant.parse(attempts.get(attempts.size() - 1).getStartTime()),
          Instant.parse(job.getStatus().getCompletionTime())).toNanos());
    } else if (phase == JobPhase.Failed) {
      failed.incrementAndGet();
    }
  }

  boolean settled() {
    return succeeded.size() + failed.get() >= applied.length;
  }

  int succeeded() {
    return succeeded.size();
  }

  int failed() {
    return failed.get();
  }

  /** Seconds from the first create sent to the last Job seen Succeeded. */
  double wallSeconds() {
    return (succeeded.values().stream().mapToLong(Long::longValue).max().orElseThrow() - firstApply) / 1e9;
  }

  /** Seconds from the first create sent to the last create answered. */
  double submitSeconds() {
    return (lastApplyReturned - firstApply) / 1e9;
  }

  double jobsPerMinute() {
    return applied.length / wallSeconds() * 60;
  }

  /** The rows every round reports: Jobs/min of {@code what}, wall and submit time, apply → Running and Succeeded. */
  void addTo(ResultTable table, String what) {
    table.row(what + " Jobs/min (apply first → last Succeeded)", ResultTable.whole(jobsPerMinute()))
        .row("  wall time for " + jobs() + " Jobs", String.format("%.1f s", wallSeconds()))
        .row("  submit time (all creates returned)", String.format("%.1f s", submitSeconds()))
        .row("  apply → Running p50 / p99", toRunning())
        .row("  apply → Succeeded p50 / p99", toSucceeded());
  }

  /** Apply → first seen Running (or Succeeded), p50 / p99. */
  String toRunning() {
    return p50p99(running);
  }

  /** Apply → first seen Succeeded, p50 / p99. */
  String toSucceeded() {
    return p50p99(succeeded);
  }

  /**
   * The last attempt's start → the Job's completion, as the operator recorded them in the status, p50 / p99: the
   * attempt's own path, without the wait for a reconcile or a free slot before it started.
   */
  String attemptToSucceeded() {
    return p50p99(attemptToSucceeded.values().stream().mapToLong(Long::longValue).toArray());
  }

  private String p50p99(Map<String, Long> at) {
    return p50p99(at.entrySet().stream()
        .mapToLong(e -> e.getValue() - applied[Integer.parseInt(e.getKey().substring(NAME_PREFIX.length()))])
        .toArray());
  }

  private static String p50p99(long[] nanos) {
    Arrays.sort(nanos);
    return percentile(nanos, 50) + " / " + percentile(nanos, 99) + " ms";
  }

  private static String percentile(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return "-";
    }
    int index = Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return String.format("%,.0f", sorted[index] / 1e6);
  }
}
