package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Times agent log lines on their way to the log store: Agent Jobs print a known volume, and the clock runs from the
 * first process start (each script writes its start time to a result) to the last line being in its attempt's log
 * stream in the central Redis.
 */
final class LogThroughput {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String STARTED = "started";

  /**
   * What one measurement saw.
   *
   * @param lines lines printed by all Jobs
   * @param bytes bytes printed, newlines included
   * @param seconds first process start → last line stored
   * @param toSucceeded first process start → last Job seen Succeeded
   */
  record Result(long lines, long bytes, double seconds, double toSucceeded) {

    double megabytesPerSecond() {
      return bytes / 1e6 / seconds;
    }

    double linesPerSecond() {
      return lines / seconds;
    }
  }

  private LogThroughput() {
  }

  /** The text of every line: {@code lineBytes - 1} printable characters (the newline makes it {@code lineBytes}). */
  static String lineText(int lineBytes) {
    var text = new StringBuilder(lineBytes);
    for (int i = 0; i < lineBytes - 1; i++) {
      text.append((char) ('a' + i % 26));
    }
    return text.toString();
  }

  /** Runs {@code jobs} Agent Jobs at once, each printing {@code linesPerJob} lines of {@code lineBytes} bytes. */
  static Result run(KubernetesClient client, RedisCommands<String, String> redis, String namespace, int jobs,
      long linesPerJob, int lineBytes) throws InterruptedException {
    var script = "date +%s%N > \"$ANVIL_RESULTS/" + STARTED + "\"; yes '" + lineText(lineBytes) + "' | head -n "
        + linesPerJob;
    var created = new ArrayList<Job>();
    for (int i = 0; i < jobs; i++) {
      created.add(client.resource(BenchmarkJobs.agentJob(namespace, "log-" + i, List.of("sh", "-c", script)))
          .create());
    }
    var logs = created.stream().map(j -> BusKeys.log(new AttemptId(j.getMetadata().getUid(), 1))).toList();
    long stored = awaitLastLines(redis, logs, linesPerJob);
    long succeeded = 0;
    long firstStart = Long.MAX_VALUE;
    for (var job : created) {
      var done = awaitSucceeded(client, job);
      succeeded = Math.max(succeeded, epochNanos(Instant.now()));
      firstStart = Math.min(firstStart, Long.parseLong(done.getStatus().getResults().get(STARTED).strip()));
    }
    for (var log : logs) {
      long length = redis.xlen(log);
      if (length != linesPerJob) {
        throw new IllegalStateException(log + " holds " + length + " lines, " + linesPerJob + " were printed");
      }
      redis.del(log);
    }
    return new Result(jobs * linesPerJob, jobs * linesPerJob * lineBytes, (stored - firstStart) / 1e9,
        (succeeded - firstStart) / 1e9);
  }

  /** Polls each stream's last entry (its id is the line_seq) until it is line {@code last}; the epoch ns of the last. */
  private static long awaitLastLines(RedisCommands<String, String> redis, List<String> logs, long last)
      throws InterruptedException {
    var waiting = new ArrayList<>(logs);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long stored = 0;
    while (!waiting.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext(); ) {
        var newest = redis.xrevrange(it.next(), Range.create("-", "+"), Limit.from(1));
        if (!newest.isEmpty() && Long.parseLong(newest.get(0).getId().split("-")[0]) >= last) {
          stored = epochNanos(Instant.now());
          it.remove();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(waiting.size() + " log(s) not complete within " + TIMEOUT.toMinutes()
            + " minutes: " + waiting);
      }
      Thread.sleep(2); // a poll every 2 ms: far below the seconds being measured
    }
    return stored;
  }

  private static Job awaitSucceeded(KubernetesClient client, Job job) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      var now = client.resource(job).get();
      var phase = now == null || now.getStatus() == null ? null : now.getStatus().getPhase();
      if (phase == JobPhase.Succeeded) {
        return now;
      }
      if (phase == JobPhase.Failed || System.nanoTime() > deadline) {
        throw new IllegalStateException("log Job " + job.getMetadata().getName() + " did not succeed: "
            + (now == null ? "deleted" : now.getStatus()));
      }
      Thread.sleep(10);
    }
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
