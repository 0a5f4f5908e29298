package dev.anvil.e2e.platform;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every Anvil Job and prints each change of phase, attempt or reason as
 * {@code namespace/name phase attempt reason message}; remembers the last state seen, even of Jobs since deleted.
 */
public final class JobTransitions implements AutoCloseable {

  /** Phases after which nothing more happens without a change to the spec. */
  static final Set<JobPhase> SETTLED = EnumSet.of(JobPhase.Succeeded, JobPhase.Failed, JobPhase.Suspended);

  /** What was last printed for one Job. */
  public record Seen(JobPhase phase, int attempt, int attempts, String reason, String message) {
  }

  private final PrintStream out;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Job> informer;

  JobTransitions(KubernetesClient client, PrintStream out) {
    this.out = out;
    this.informer = client.resources(Job.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        observe(job);
      }

      @Override
      public void onUpdate(Job oldJob, Job job) {
        observe(job);
      }

      @Override
      public void onDelete(Job job, boolean unknownFinalState) {
        out.println(key(job) + " deleted");
      }
    });
  }

  private synchronized void observe(Job job) {
    var now = seenOf(job);
    var before = seen.put(key(job), now);
    if (!now.equals(before)) {
      out.printf("%-28s %-9s %d %s %s%n", key(job), now.phase == null ? "(new)" : now.phase, now.attempt,
          Objects.toString(now.reason, "-"), Objects.toString(now.message, ""));
    }
  }

  private static Seen seenOf(Job job) {
    var status = job.getStatus();
    if (status == null || status.getPhase() == null) {
      return new Seen(null, 0, 0, null, null);
    }
    var condition = conditionFor(status.getPhase(), status.getConditions());
    var attempts = status.getAttempts() == null ? 0 : status.getAttempts().size();
    String reason = condition == null ? null : condition.getReason();
    String message = condition == null ? null : condition.getMessage();
    if (status.getPhase() == JobPhase.Retrying && attempts > 0) {
      var last = status.getAttempts().get(attempts - 1);
      reason = last.getReason();
      message = last.getMessage() != null ? last.getMessage()
          : "attempt " + last.getNumber() + " ended; next at " + status.getNextAttemptTime();
    }
    return new Seen(status.getPhase(), status.getAttempt() == null ? 0 : status.getAttempt(), attempts, reason,
        message);
  }

  /** The condition that explains {@code phase}: the one named like it, else the Succeeded condition. */
  private static Condition conditionFor(JobPhase phase, Collection<Condition> conditions) {
    if (conditions == null) {
      return null;
    }
    Condition succeeded = null;
    for (var c : conditions) {
      if (c.getType().equals(phase.name())) {
        return c;
      }
      if (c.getType().equals("Succeeded")) {
        succeeded = c;
      }
    }
    return succeeded;
  }

  /** The last state seen of {@code namespace/name}, or null if never seen. */
  public Seen last(String key) {
    return seen.get(key);
  }

  /** Whether every Job in {@code keys} has been seen in a settled phase. */
  boolean allSettled(Collection<String> keys) {
    return keys.stream().allMatch(k -> {
      var s = seen.get(k);
      return s != null && SETTLED.contains(s.phase);
    });
  }

  /** Waits until {@link #allSettled} holds; false on timeout. */
  boolean awaitSettled(Collection<String> keys, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!allSettled(keys)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  static String key(Job job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  @Override
  public void close() {
    informer.close();
  }
}
