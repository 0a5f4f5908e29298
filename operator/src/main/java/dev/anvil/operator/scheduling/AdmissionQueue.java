package dev.anvil.operator.scheduling;

import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Admits Jobs past their namespace's concurrency quota, first-come first-served (higher {@code priority} first).
 *
 * <p>The informer cache lags behind the status writes that record an admission, so Jobs admitted here and not yet
 * seen as admitted in the cache are remembered, and a slot is never handed out twice.
 */
public final class AdmissionQueue {

  private static final Comparator<Job> ORDER = Comparator
      .comparingInt((Job j) -> j.getSpec() == null || j.getSpec().getPriority() == null ? 0 : -j.getSpec().getPriority())
      .thenComparing(j -> created(j))
      .thenComparing(j -> j.getMetadata().getName());

  private final NamespaceQuotas quotas;
  private final Map<String, Set<String>> admittedNotYetSeen = new HashMap<>();

  public AdmissionQueue(NamespaceQuotas quotas) {
    this.quotas = quotas;
  }

  /** Decides for {@code job}, given every Job of its namespace as the cache knows them. */
  public synchronized Admission decide(Job job, Collection<Job> namespaceJobs) {
    var namespace = job.getMetadata().getNamespace();
    int limit = quotas.limitFor(namespace);
    if (limit <= 0) {
      return Admission.granted();
    }
    var pending = admittedNotYetSeen.computeIfAbsent(namespace, k -> new HashSet<>());
    var cached = namespaceJobs.stream().collect(Collectors.toMap(j -> j.getMetadata().getUid(), j -> j, (a, b) -> a));
    pending.removeIf(uid -> !cached.containsKey(uid) || !wantsSlot(cached.get(uid)));
    var uid = job.getMetadata().getUid();
    if (pending.contains(uid)) {
      return Admission.granted();
    }
    long active = namespaceJobs.stream().filter(AdmissionQueue::holdsSlot).count() + pending.size();
    var waiting = waiting(namespaceJobs, pending);
    int position = waiting.indexOf(uid);
    if (position < 0) {
      position = waiting.size(); // not in the cache yet: it is the newest
    }
    if (position < limit - active) {
      pending.add(uid);
      return Admission.granted();
    }
    if (pending.isEmpty()) {
      admittedNotYetSeen.remove(namespace);
    }
    return Admission.queued("namespace " + namespace + " runs " + active + " of at most " + limit
        + " Jobs at once; this Job is number " + (position + 1) + " in its queue");
  }

  /** The first {@code n} queued Jobs of the namespace, in admission order: the ones to wake when slots free up. */
  public synchronized List<Job> nextInLine(Collection<Job> namespaceJobs, int n) {
    return namespaceJobs.stream().filter(j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Queued)
        .sorted(ORDER).limit(n).toList();
  }

  private static List<String> waiting(Collection<Job> jobs, Set<String> pending) {
    return jobs.stream().filter(AdmissionQueue::wantsSlot).filter(j -> !pending.contains(j.getMetadata().getUid()))
        .sorted(ORDER).map(j -> j.getMetadata().getUid()).toList();
  }

  /** Admitted, not finished and not suspended. */
  static boolean holdsSlot(Job job) {
    var status = job.getStatus();
    return status != null && status.getAdmittedTime() != null && !finished(job) && !suspended(job);
  }

  /** A Pod Job not admitted yet, not finished, not suspended. (Agent Jobs do not take Pod quota slots.) */
  static boolean wantsSlot(Job job) {
    var status = job.getStatus();
    return (status == null || status.getAdmittedTime() == null) && !finished(job) && !suspended(job)
        && runsAsPod(job);
  }

  private static boolean runsAsPod(Job job) {
    var executor = job.getSpec() == null ? null : job.getSpec().getExecutor();
    return executor == null || Executor.Pod.name().equals(executor);
  }

  private static boolean finished(Job job) {
    var phase = job.getStatus() == null ? null : job.getStatus().getPhase();
    return phase == JobPhase.Succeeded || phase == JobPhase.Failed;
  }

  private static boolean suspended(Job job) {
    return job.getSpec() != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
  }

  private static Instant created(Job job) {
    var ts = job.getMetadata().getCreationTimestamp();
    return ts == null ? Instant.MAX : Instant.parse(ts);
  }
}
