package dev.anvil.operator.logs;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.OutageLog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's running {@link PodLogCopier}s, one per Pod attempt, so the Job reconciler can ask for an attempt's log
 * to be copied on every pass at the cost of a map lookup.
 */
public final class PodLogCopiers implements AutoCloseable {

  /** How many attempts whose copy completed are remembered, so their Pods' passes start no thread again. */
  static final int REMEMBERED_DONE = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(PodLogCopiers.class);

  private final KubernetesClient kubernetes;
  private final StatefulRedisConnection<String, String> redis;
  private final PodLogCopier.Settings settings;
  private final OutageLog outages = new OutageLog(LOG, "Pod log copiers",
      "each copier resumes where its log stream ends once it answers", Clock.systemUTC());
  private final Map<AttemptId, PodLogCopier> running = new ConcurrentHashMap<>();
  // a copier for a remembered attempt would only read the :done marker and end; forgetting one costs just that
  private final Set<AttemptId> done = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<AttemptId, Boolean> eldest) {
          return size() > REMEMBERED_DONE;
        }
      }));

  /** {@code redis}: a connection shared with others is fine: copiers issue no blocking commands. */
  public PodLogCopiers(KubernetesClient kubernetes, StatefulRedisConnection<String, String> redis,
      PodLogCopier.Settings settings) {
    this.kubernetes = kubernetes;
    this.redis = redis;
    this.settings = settings;
  }

  /**
   * Copies the log of {@code pod}, the Pod of {@code attempt}, unless a copier for it runs or completed already.
   * Idempotent; call it on every pass where the Pod exists (a restarted or new leader resumes where the stream ends).
   */
  public void copy(AttemptId attempt, Pod pod) {
    if (running.containsKey(attempt) || done.contains(attempt)) {
      return;
    }
    var started = new PodLogCopier[1];
    var copier = running.computeIfAbsent(attempt, a -> started[0] = PodLogCopier.start(kubernetes, redis,
        new PodLogCopier.Target(a, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), null), settings,
        outages));
    if (started[0] != null) {
      // registered outside computeIfAbsent: a copier done at once would otherwise remove itself inside it
      copier.done().whenComplete((lastSeq, error) -> {
        if (error == null) {
          done.add(attempt);
        }
        running.remove(attempt, copier);
      });
    }
  }

  /** How many copiers run now. */
  public int running() {
    return running.size();
  }

  /**
   * Stops every copier without marking its log done (leadership lost, operator stopping): the next leader resumes.
   * A reconcile racing this may start one more, stopped by the next call; a second copier of one attempt stores
   * nothing twice (line ids are fixed).
   */
  @Override
  public void close() {
    for (var attempt : running.keySet()) {
      var copier = running.remove(attempt);
      if (copier != null) {
        copier.close();
      }
    }
  }
}
