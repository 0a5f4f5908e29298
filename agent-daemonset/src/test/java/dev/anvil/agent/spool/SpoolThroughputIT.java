package dev.anvil.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.testing.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Appends per second through the spool beside the ceiling of raw XADDs on the same Redis, in the same run. */
class SpoolThroughputIT {

  private static final Duration ROUND = Duration.ofMillis(Long.getLong("anvil.bench.roundMillis", 1_500));
  private static final byte[] PAYLOAD = new byte[100];

  @Test
  void measuresAppendsPerSecondAgainstRawXadd() throws Exception {
    Arrays.fill(PAYLOAD, (byte) 'x');
    var lines = new ArrayList<String>();
    for (var fsyncAlways : List.of(true, false)) {
      var builder = RedisProcess.builder();
      try (var redis = (fsyncAlways ? builder.fsyncAlways() : builder.appendOnly()).start()) {
        var label = fsyncAlways ? "appendfsync always" : "appendfsync everysec";
        var client = RedisClient.create(redis.uri());
        try (var raw = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
          var sync = raw.sync();
          measure(1, i -> sync.xadd("raw", "p", PAYLOAD)); // warm-up
          lines.add(row(label, "raw Lettuce XADD, 1 thread", measure(1, i -> sync.xadd("raw", "p", PAYLOAD))));
          lines.add(row(label, "raw Lettuce XADD, 4 threads", measure(4, i -> sync.xadd("raw", "p", PAYLOAD))));
        } finally {
          client.shutdown();
        }
        lines.add(row(label, "redis-benchmark XADD, 1 client", redisBenchmark(redis, 1)));
        lines.add(row(label, "redis-benchmark XADD, 4 clients", redisBenchmark(redis, 4)));

        try (var spool = ResilientReportSpool.open(SpoolSettings.defaults(redis.uri(), "bench"))) {
          measure(1, i -> spool.append(PAYLOAD)); // warm-up
          var one = measure(1, i -> spool.append(PAYLOAD));
          var four = measure(4, i -> spool.append(PAYLOAD));
          var batch = List.of(IntStream.range(0, 100).mapToObj(i -> PAYLOAD).toArray(byte[][]::new));
          var batched = measure(1, i -> spool.appendAll(batch)) * 100;
          lines.add(row(label, "spool append, 1 thread", one));
          lines.add(row(label, "spool append, 4 threads", four));
          lines.add(row(label, "spool appendAll(100), 1 thread", batched));
          assertThat(spool.mode()).isEqualTo(SpoolMode.REDIS);
          assertThat(spool.pending()).isEqualTo(spool.lastSequence() - spool.after(0, 1).get(0).sequence() + 1);
        }
      }
    }
    System.out.println("\nReport spool throughput (100-byte payloads, " + ROUND.toMillis() + " ms per round, "
        + Runtime.getRuntime().availableProcessors() + " CPUs)\n" + String.join("\n", lines) + "\n");
  }

  private static String row(String config, String what, double perSecond) {
    return String.format(Locale.ROOT, "  %-22s %-34s %,10.0f /s", config, what, perSecond);
  }

  /** Calls {@code work} from {@code threads} threads for one round; returns calls per second. */
  private static double measure(int threads, IntConsumer work) {
    var calls = new LongAdder();
    var deadline = System.nanoTime() + ROUND.toNanos();
    var start = System.nanoTime();
    var workers = IntStream.range(0, threads).mapToObj(t -> CompletableFuture.runAsync(() -> {
      for (int i = 0; System.nanoTime() < deadline; i++) {
        work.accept(i);
        calls.increment();
      }
    }, runnable -> new Thread(runnable, "bench-" + t).start())).toList();
    workers.forEach(CompletableFuture::join);
    return calls.sum() / ((System.nanoTime() - start) / 1e9);
  }

  private static double redisBenchmark(RedisProcess redis, int clients) throws IOException, InterruptedException {
    var requests = Math.max(200, (int) (ROUND.toMillis() * (clients == 1 ? 0.5 : 2)));
    var process = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(redis.port()),
        "-c", Integer.toString(clients), "-n", Integer.toString(requests), "-q",
        "XADD", "bench", "*", "p", new String(PAYLOAD, StandardCharsets.US_ASCII)).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    var matcher = java.util.regex.Pattern.compile("([0-9.]+) requests per second").matcher(output);
    double last = Double.NaN;
    while (matcher.find()) {
      last = Double.parseDouble(matcher.group(1));
    }
    return last;
  }
}
