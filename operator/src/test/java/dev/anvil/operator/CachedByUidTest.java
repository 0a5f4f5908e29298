package dev.anvil.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Looking Jobs up by uid in Fabric8's informer cache (the one JOSDK's primary cache is made of) while they change. */
class CachedByUidTest {

  @Test
  void aJobBeingUpdatedIsAlwaysFoundThoughTheIndexAloneMissesIt() throws InterruptedException {
    var cache = new FabricCache();
    cache.items.put(job("uid-1", 0));
    var stop = new AtomicBoolean();
    // the informer storing new versions of the Job, as every status write brings one
    var writer = new Thread(() -> {
      for (int version = 1; !stop.get(); version++) {
        cache.items.put(job("uid-1", version));
      }
    });
    writer.start();
    long lookups = 0;
    long misses = 0;
    long indexMisses = 0;
    try {
      long end = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < end) {
        lookups++;
        if (CachedByUid.find(cache, "uid-1").isEmpty()) {
          misses++;
        }
        if (cache.byIndex(CachedByUid.INDEX, "uid-1").isEmpty()) {
          indexMisses++;
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    System.out.printf("%,d lookups while the Job was updated: the index alone missed it %,d times%n", lookups,
        indexMisses);
    assertThat(misses).as("lookups that took a live Job for deleted").isZero();
  }

  @Test
  void aDeletedJobIsNotFound() {
    var cache = new FabricCache();
    var job = job("uid-2", 1);
    cache.items.put(job);
    assertThat(CachedByUid.find(cache, "uid-2")).containsExactly(job);
    cache.items.remove(job);
    assertThat(CachedByUid.find(cache, "uid-2")).isEmpty();
  }

  private static Job job(String uid, int version) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withNamespace("lab").withName("j-" + uid).withUid(uid)
        .withResourceVersion(Integer.toString(version)).build());
    return job;
  }

  /** Fabric8's informer store behind JOSDK's cache interface, as JOSDK's informer manager exposes it. */
  private static final class FabricCache implements IndexedResourceCache<Job> {

    final CacheImpl<Job> items = new CacheImpl<>();

    FabricCache() {
      items.addIndexers(Map.of(CachedByUid.INDEX, j -> List.of(j.getMetadata().getUid())));
    }

    @Override
    public List<Job> byIndex(String indexName, String indexKey) {
      return items.byIndex(indexName, indexKey);
    }

    @Override
    public Stream<Job> list(Predicate<Job> predicate) {
      return items.list().stream().filter(predicate);
    }

    @Override
    public Stream<Job> list(String namespace, Predicate<Job> predicate) {
      return list(predicate.and(j -> namespace.equals(j.getMetadata().getNamespace())));
    }

    @Override
    public Optional<Job> get(ResourceID id) {
      return list(j -> ResourceID.fromResource(j).equals(id)).findFirst();
    }

    @Override
    public Stream<ResourceID> keys() {
      return list(j -> true).map(ResourceID::fromResource);
    }
  }
}
