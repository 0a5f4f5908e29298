package dev.anvil.e2e.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.bus.LuaScript;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The ceiling of the agent log path: raw XADDs of the same lines (id {@code <line_seq>-0}, fields stream, time,
 * text, as the hub stores them) into one stream of the same Redis, in batches of the agent's report size with as
 * many batches in flight as the hub allows per agent stream; no gRPC, protobuf, spool or de-duplication.
 */
final class XaddCeiling {

  /** The hub's store script without its exactly-once checks: one EVAL appends a whole report's lines. */
  private static final LuaScript BATCH = new LuaScript("""
      for i = 1, #ARGV, 4 do
        redis.call('XADD', KEYS[1], ARGV[i] .. '-0', 'stream', ARGV[i + 1], 'time', ARGV[i + 2], 'text', ARGV[i + 3])
      end
      return #ARGV / 4""");
  private static final String KEY = "anvil:bench:xadd-ceiling";

  private final RedisClient client;
  private final int batch;
  private final int window;

  /** {@code batch}: lines per report; {@code window}: reports in flight at once. */
  XaddCeiling(RedisClient client, int batch, int window) {
    this.client = client;
    this.batch = batch;
    this.window = window;
  }

  /** Lines per second, one XADD per line, pipelined: a batch is written and flushed at once. */
  double singleXadds(long lines, String text) throws InterruptedException {
    try (var connection = client.connect()) {
      var async = connection.async();
      connection.setAutoFlushCommands(false);
      var inFlight = new ArrayDeque<RedisFuture<String>>();
      var time = Long.toString(System.currentTimeMillis());
      long start = System.nanoTime();
      for (long seq = 1; seq <= lines; seq++) {
        var added = async.xadd(KEY, new XAddArgs().id(seq + "-0"), Map.of("stream", "stdout", "time", time,
            "text", text));
        if (seq % batch == 0 || seq == lines) {
          connection.flushCommands();
          inFlight.add(added); // replies come in order: the batch's last answers for the batch
          if (inFlight.size() >= window) {
            await(inFlight.poll());
          }
        }
      }
      while (!inFlight.isEmpty()) {
        await(inFlight.poll());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      connection.setAutoFlushCommands(true);
      connection.sync().del(KEY);
      return lines / seconds;
    }
  }

  /** Lines per second, one EVALSHA of {@code batch} XADDs per report, as the hub's store script does. */
  double batchedScript(long lines, String text) throws InterruptedException {
    try (var connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      var async = connection.async();
      var inFlight = new ArrayDeque<CompletionStage<Long>>();
      var time = Long.toString(System.currentTimeMillis()).getBytes(UTF_8);
      var stream = "stdout".getBytes(UTF_8);
      var textBytes = text.getBytes(UTF_8);
      long start = System.nanoTime();
      for (long first = 1; first <= lines; first += batch) {
        int size = (int) Math.min(batch, lines - first + 1);
        var args = new byte[size * 4][];
        for (int i = 0; i < size; i++) {
          args[4 * i] = Long.toString(first + i).getBytes(UTF_8);
          args[4 * i + 1] = stream;
          args[4 * i + 2] = time;
          args[4 * i + 3] = textBytes;
        }
        inFlight.add(BATCH.<Long>run(async, ScriptOutputType.INTEGER, new String[] {KEY}, args));
        if (inFlight.size() >= window) {
          await(inFlight.poll());
        }
      }
      while (!inFlight.isEmpty()) {
        await(inFlight.poll());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      connection.sync().del(KEY);
      return lines / seconds;
    }
  }

  private static void await(CompletionStage<?> stage) throws InterruptedException {
    try {
      stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("XADD failed: " + e.getCause(), e.getCause());
    }
  }
}
