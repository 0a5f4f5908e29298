package dev.anvil.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.List;

/**
 * Finds cached objects (Jobs, BmcHosts) by uid without taking one that is being updated for a deleted one. The
 * primary cache needs the index {@link #INDEX} ({@link #index(IndexerResourceCache)}).
 */
public final class CachedByUid {

  public static final String INDEX = "by-uid";

  private CachedByUid() {
  }

  /** Adds the uid index to a primary cache. */
  public static <T extends HasMetadata> void index(IndexerResourceCache<T> cache) {
    cache.addIndexer(INDEX, object -> List.of(object.getMetadata().getUid()));
  }

  /**
   * The cached objects with this uid (one, or none when it was deleted). Fabric8's informer cache updates an index by
   * removing the old entry and then adding the new one, and {@code byIndex} does not take the lock that update holds:
   * while an object's new version is being stored, the index can miss it (a loop of updates against a loop of lookups
   * misses ~10 % of the time). Taken for "deleted", the agent's report of an attempt was dropped and acknowledged, and
   * the Job stayed Running for good. A miss is therefore confirmed on the cached items themselves, which an update
   * replaces in one step; it costs a scan only when the Job is really gone.
   */
  public static <T extends HasMetadata> List<T> find(IndexedResourceCache<T> cache, String uid) {
    var found = cache.byIndex(INDEX, uid);
    if (!found.isEmpty()) {
      return found;
    }
    return cache.list(object -> uid.equals(object.getMetadata().getUid())).toList();
  }
}
