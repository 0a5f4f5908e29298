package dev.anvil.apiserver.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers of the cluster (TokenReview, SubjectAccessReview) kept for a few seconds, so a burst of calls from one
 * caller costs one review. Bounded: when full, expired entries go, and if none had, everything does.
 */
final class ShortCache<K, V> {

  private record Entry<V>(V value, long expiresAt) {
  }

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int max;
  private final Clock clock;

  ShortCache(Duration ttl, int max, Clock clock) {
    this.ttl = ttl;
    this.max = max;
    this.clock = clock;
  }

  /** The cached answer for {@code key}, or {@code load}'s (cached unless it throws). */
  V get(K key, Function<K, V> load) {
    var now = clock.millis();
    var entry = entries.get(key);
    if (entry != null && entry.expiresAt() > now) {
      return entry.value();
    }
    var value = load.apply(key);
    if (ttl.isZero() || ttl.isNegative()) {
      return value;
    }
    if (entries.size() >= max) {
      entries.values().removeIf(e -> e.expiresAt() <= now);
      if (entries.size() >= max) {
        entries.clear();
      }
    }
    entries.put(key, new Entry<>(value, now + ttl.toMillis()));
    return value;
  }

  int size() {
    return entries.size();
  }
}
