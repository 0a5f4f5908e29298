package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Job;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.List;

/** Finds cached Jobs by uid without taking a Job that is being updated for a deleted one. */
final class JobsByUid {

  static final String INDEX = "job-uid";

  private JobsByUid() {
  }

  /**
   * The cached Jobs with this uid (one, or none when it was deleted). Fabric8's informer cache updates an index by
   * removing the old entry and then adding the new one, and {@code byIndex} does not take the lock that update holds:
   * while a Job's new version is being stored, the index can miss it (a loop of updates against a loop of lookups
   * misses ~10 % of the time). Taken for "deleted", the agent's report of an attempt was dropped and acknowledged, and
   * the Job stayed Running for good. A miss is therefore confirmed on the cached items themselves, which an update
   * replaces in one step; it costs a scan only when the Job is really gone.
   */
  static List<Job> find(IndexedResourceCache<Job> cache, String uid) {
    var found = cache.byIndex(INDEX, uid);
    if (!found.isEmpty()) {
      return found;
    }
    return cache.list(job -> uid.equals(job.getMetadata().getUid())).toList();
  }
}
