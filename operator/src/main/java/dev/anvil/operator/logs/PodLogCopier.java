package dev.anvil.operator.logs;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.OutageLog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one Pod Job attempt's container log into the log store, the same stream an agent Job's log goes to
 * ({@code anvil:log:<job uid>:<attempt>}, ids {@code <line_seq>-0}), so the log outlives the Pod and is served by the
 * apiserver's log route; sets the {@code :done} marker once the container has terminated and its log is drained.
 *
 * <p>Resumable: it continues after the stream's last entry, and reconnects with {@code sinceTime} skipping every line
 * not newer than the last stored one (each entry keeps the kubelet's nanosecond timestamp in {@code ts}), so a dropped
 * connection or an operator restart neither loses nor doubles lines. Memory is bounded by one batch of lines of at
 * most {@link Settings#maxLineChars()} each. One platform thread per copier, stopped by {@link #close()}.
 */
public final class PodLogCopier implements AutoCloseable {

  /** The {@code stream} field of copied lines: the Pod log API merges stdout and stderr. */
  public static final String STREAM = "pod";

  private static final Logger LOG = LoggerFactory.getLogger(PodLogCopier.class);
  private static final int BATCH = 256;

  /**
   * What to copy.
   *
   * @param attempt   the Job attempt (its uid and number name the stream)
   * @param namespace the Pod's namespace
   * @param pod       the Pod that runs the attempt
   * @param container the container whose log is the attempt's, or null for the Pod's only (or first) one
   */
  public record Target(AttemptId attempt, String namespace, String pod, String container) {
  }

  /**
   * How to copy.
   *
   * @param maxLines     approximate cap of the stream ({@code XADD MAXLEN ~}), as the hub's {@code log-max-lines}
   * @param retention    EXPIRE of the stream and its marker, refreshed on every batch, as the hub's
   *                     {@code log-retention}
   * @param retry        wait before reopening a log that ended while the container still runs (or was not started)
   * @param maxLineChars longer lines are cut here
   */
  public record Settings(long maxLines, Duration retention, Duration retry, int maxLineChars) {

    /** The hub's defaults: a million lines, seven days, one-second retries, 64 Ki characters a line. */
    public static Settings defaults() {
      return new Settings(1_000_000, Duration.ofDays(7), Duration.ofSeconds(1), 64 * 1024);
    }
  }

  private final KubernetesClient kubernetes;
  private final StatefulRedisConnection<String, String> redis;
  private final Target target;
  private final Settings settings;
  private final OutageLog outages;
  private final String key;
  private final String doneKey;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Closeable open;
  private long lastSeq;
  private Instant lastTime;

  private PodLogCopier(KubernetesClient kubernetes, StatefulRedisConnection<String, String> redis, Target target,
      Settings settings, OutageLog outages) {
    this.kubernetes = kubernetes;
    this.redis = redis;
    this.target = target;
    this.settings = settings;
    this.outages = outages;
    this.key = BusKeys.log(target.attempt());
    this.doneKey = BusKeys.logDone(target.attempt());
    this.thread = new Thread(this::run, "pod-log-" + target.namespace() + "/" + target.pod());
    thread.setDaemon(true);
  }

  /**
   * Starts copying on a thread of its own; {@link #close()} stops it. {@code outages} is shared by all copiers, so an
   * outage of the central Redis is logged once for them all, not once a second for each.
   */
  public static PodLogCopier start(KubernetesClient kubernetes, StatefulRedisConnection<String, String> redis,
      Target target, Settings settings, OutageLog outages) {
    var copier = new PodLogCopier(kubernetes, redis, target, settings, outages);
    copier.thread.start();
    return copier;
  }

  /** Completes with the last line_seq once the {@code :done} marker is set (at once if it already was). */
  public CompletableFuture<Long> done() {
    return done;
  }

  private void run() {
    try {
      while (!closed) {
        try {
          if (copyUntilDone()) {
            return;
          }
        } catch (RuntimeException e) {
          // Redis unreachable or refusing: start over from what the stream holds, which is never more than written
          if (!closed) {
            outages.failed(e);
          }
        }
        LockSupport.parkNanos(settings.retry().toNanos());
      }
    } finally {
      if (!done.isDone()) {
        done.cancel(false);
      }
    }
  }

  /** Copies until the marker is set (true) or the copier is closed (false). */
  private boolean copyUntilDone() {
    var marker = redis.sync().get(doneKey);
    if (marker != null) {
      done.complete(Long.parseLong(marker));
      return true;
    }
    resume();
    outages.succeeded();
    while (!closed) {
      copy(true);
      if (closed) {
        return false;
      }
      var state = containerState();
      if (state != ContainerState.RUNNING) {
        if (state == ContainerState.TERMINATED) {
          // the follow may have ended early (a dropped connection) just before the container did: drain the rest
          copy(false);
        }
        if (closed) {
          return false;
        }
        // a deleted Pod took its log along: what was copied is all there is
        redis.sync().setex(doneKey, settings.retention().toSeconds(), Long.toString(lastSeq));
        done.complete(lastSeq);
        return true;
      }
      LockSupport.parkNanos(settings.retry().toNanos());
    }
    return false;
  }

  /** Continues after the stream's last entry: its line_seq and the kubelet time it carries. */
  private void resume() {
    lastSeq = 0;
    lastTime = null;
    var last = redis.sync().xrevrange(key, Range.unbounded(), Limit.from(1));
    if (!last.isEmpty()) {
      var entry = last.get(0);
      lastSeq = Long.parseLong(entry.getId().substring(0, entry.getId().indexOf('-')));
      var ts = entry.getBody().get("ts");
      lastTime = ts == null ? Instant.ofEpochMilli(Long.parseLong(entry.getBody().get("time"))) : Instant.parse(ts);
    }
  }

  /** Reads the container's log (following it, or what is there now) and appends the lines not stored yet. */
  private void copy(boolean follow) {
    try {
      Reader reader;
      var log = loggable();
      if (follow) {
        LogWatch watch = log.watchLog();
        open = watch;
        reader = new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8);
      } else {
        reader = log.getLogReader();
        open = reader;
      }
      if (closed) {
        return;
      }
      try (var source = open) {
        append(new BoundedLineReader(reader, settings.maxLineChars()));
      }
    } catch (IOException | UncheckedIOException | KubernetesClientException e) {
      // not started yet, or the connection dropped: the caller looks at the Pod and tries again
      if (!closed) {
        LOG.debug("log of pod {}/{} not readable now: {}", target.namespace(), target.pod(), e.toString());
      }
    }
  }

  private Loggable loggable() {
    var pod = kubernetes.pods().inNamespace(target.namespace()).withName(target.pod());
    var container = target.container() != null ? target.container() : defaultContainer(pod.get());
    var timed = container == null ? pod.usingTimestamps() : pod.inContainer(container).usingTimestamps();
    // sinceTime has second precision: the lines of that second come again and are skipped by their timestamp
    return lastTime == null ? timed : timed.sinceTime(lastTime.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static String defaultContainer(Pod pod) {
    if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()) {
      return null;
    }
    var annotated = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get("kubectl.kubernetes.io/default-container");
    return annotated != null ? annotated : pod.getSpec().getContainers().get(0).getName();
  }

  private void append(BoundedLineReader lines) throws IOException {
    var async = redis.async();
    var pending = new ArrayList<RedisFuture<String>>(BATCH);
    var catchingUp = lastTime != null;
    String line;
    while (!closed && (line = lines.readLine()) != null) {
      var parsed = PodLogLine.parse(line);
      if (parsed == null) {
        LOG.debug("pod {}/{}: skipping a line without a kubelet timestamp", target.namespace(), target.pod());
        continue;
      }
      if (catchingUp) {
        if (!parsed.time().isAfter(lastTime)) {
          continue;
        }
        catchingUp = false;
      }
      lastSeq++;
      lastTime = parsed.time();
      var body = new LinkedHashMap<String, String>();
      body.put("stream", STREAM);
      body.put("time", Long.toString(parsed.time().toEpochMilli()));
      body.put("ts", parsed.timestamp());
      body.put("text", parsed.text());
      pending.add(async.xadd(key, new XAddArgs().id(lastSeq + "-0").maxlen(settings.maxLines())
          .approximateTrimming(), body));
      if (pending.size() >= BATCH || !lines.ready()) {
        flush(pending);
      }
    }
    flush(pending);
  }

  private void flush(List<RedisFuture<String>> pending) {
    if (pending.isEmpty()) {
      return;
    }
    // pipelined behind the batch; its answer is not needed
    redis.async().expire(key, settings.retention().toSeconds());
    for (var future : pending) {
      try {
        future.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // an id already stored (another copier got there first, e.g. across a leader change): not stored twice
        if (!(e.getCause() instanceof RedisCommandExecutionException redisError)
            || !redisError.getMessage().contains("equal or smaller")) {
          throw new IllegalStateException("cannot append to " + key, e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted appending to " + key, e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("Redis did not answer appending to " + key, e);
      }
    }
    pending.clear();
  }

  private enum ContainerState { RUNNING, TERMINATED, GONE }

  private ContainerState containerState() {
    var pod = kubernetes.pods().inNamespace(target.namespace()).withName(target.pod()).get();
    if (pod == null) {
      return ContainerState.GONE;
    }
    var status = pod.getStatus();
    if (status == null) {
      return ContainerState.RUNNING;
    }
    if ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase())) {
      return ContainerState.TERMINATED;
    }
    var container = target.container() != null ? target.container() : defaultContainer(pod);
    var terminated = status.getContainerStatuses().stream()
        .filter(c -> container == null || container.equals(c.getName()))
        .anyMatch(c -> c.getState() != null && c.getState().getTerminated() != null);
    return terminated ? ContainerState.TERMINATED : ContainerState.RUNNING;
  }

  /** Stops copying (the marker is not set): closes the open log connection and waits for the thread. */
  @Override
  public void close() {
    closed = true;
    var current = open;
    if (current != null) {
      try {
        current.close();
      } catch (IOException | RuntimeException e) {
        // closing only to unblock the reading thread
      }
    }
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
