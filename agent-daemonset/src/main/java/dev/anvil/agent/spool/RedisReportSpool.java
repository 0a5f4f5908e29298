package dev.anvil.agent.spool;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A report spool in the agent's local Redis over one Lettuce connection; after any connection failure it is broken
 * for good and {@link ResilientReportSpool} opens a new one.
 *
 * <p>Layout per agent id (the braces are a hash tag, so a script may touch both keys even on a cluster):
 * <ul>
 *   <li>{@code anvil:agent:{id}:spool} — a stream, one entry per report, entry id {@code <sequence>-0}, one field
 *       {@code p} holding the payload. Stream ids are the sequence, so replay is one {@code XRANGE} from
 *       {@code <after+1>-0} and acknowledging is {@code XTRIM MINID <upTo+1>-0} (whole radix-tree nodes are freed);
 *       entries are packed in listpacks, cheaper than a sorted set and seekable by sequence, unlike a list.</li>
 *   <li>{@code anvil:agent:{id}:seq} — the last stored sequence. It outlives trimming (an empty stream still has a
 *       counter), so numbering continues across agent restarts.</li>
 * </ul>
 *
 * <p>Every write is one round trip: a Lua script that checks the counter, {@code XADD}s the batch and sets the
 * counter, atomically (Redis 7 persists it to the AOF as one MULTI/EXEC). The caller numbers the reports and the
 * script skips those at or below the counter and refuses a gap, so a write that is repeated because its reply was
 * lost is harmless and the stream never skips a number (except above a floor set after Redis lost its data).
 */
public final class RedisReportSpool implements ReportSpool {

  static final String PAYLOAD_FIELD = "p";
  /** Largest batch one script call writes: bounds how long Redis is busy with one call. */
  static final int MAX_BATCH = 1_000;

  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  // KEYS[1] stream, KEYS[2] counter; ARGV: sequence, payload, sequence, payload, ... (consecutive, ascending)
  private static final String STORE = """
      local last = tonumber(redis.call('GET', KEYS[2]))
      local i = 1
      if last then
        while i <= #ARGV and tonumber(ARGV[i]) <= last do i = i + 2 end
      elseif #ARGV > 0 then
        last = tonumber(ARGV[1]) - 1
      end
      if i > #ARGV then return last end
      for j = i, #ARGV, 2 do
        if tonumber(ARGV[j]) ~= last + (j - i) / 2 + 1 then
          return redis.error_reply('SPOOLGAP ' .. ARGV[j] .. ' does not follow ' .. ARGV[j - 2 < 1 and 1 or j - 2]
              .. ' (stored up to ' .. tostring(redis.call('GET', KEYS[2])) .. ')')
        end
      end
      for j = i, #ARGV, 2 do
        redis.call('XADD', KEYS[1], ARGV[j] .. '-0', 'p', ARGV[j + 1])
      end
      redis.call('SET', KEYS[2], ARGV[#ARGV - 1])
      return tonumber(ARGV[#ARGV - 1])
      """;

  // KEYS[1] counter; ARGV[1] a floor: numbering continues above it (after Redis lost its data)
  private static final String RAISE = """
      local last = tonumber(redis.call('GET', KEYS[1]))
      if not last or last < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
      return redis.call('GET', KEYS[1])
      """;

  private final StatefulRedisConnection<String, byte[]> connection;
  private final RedisAsyncCommands<String, byte[]> commands;
  private final String location;
  private final String streamKey;
  private final String counterKey;
  private final String storeSha;
  private final Duration timeout;
  private final OptionalLong storedAtOpen;
  private final ReentrantLock issue = new ReentrantLock();
  private long next;

  private RedisReportSpool(StatefulRedisConnection<String, byte[]> connection, String location, String agentId,
      Duration timeout, long origin) {
    this.connection = connection;
    this.commands = connection.async();
    this.location = location;
    this.streamKey = "anvil:agent:{" + agentId + "}:spool";
    this.counterKey = "anvil:agent:{" + agentId + "}:seq";
    this.timeout = timeout;
    this.storeSha = await(commands.scriptLoad(STORE));
    var counter = await(commands.get(counterKey));
    this.storedAtOpen = counter == null ? OptionalLong.empty() : OptionalLong.of(parse(counter));
    this.next = storedAtOpen.isPresent() ? storedAtOpen.getAsLong() + 1 : origin;
  }

  /**
   * A client configured the way the spool needs: no silent reconnect (a dropped connection fails the spool at once,
   * so reports move to memory instead of queueing), commands and connects bounded by {@code timeout}.
   */
  public static RedisClient newClient(String uri, Duration timeout) {
    var redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    var client = RedisClient.create(redisUri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    return client;
  }

  /**
   * Connects through {@code client} (see {@link #newClient}) and continues numbering after the last stored report of
   * {@code agentId}, or from {@code origin} when Redis holds no counter for it.
   *
   * @throws SpoolUnavailableException when Redis does not answer
   */
  public static RedisReportSpool open(RedisClient client, String agentId, long origin) {
    StatefulRedisConnection<String, byte[]> connection;
    try {
      connection = client.connect(CODEC);
    } catch (RuntimeException e) {
      throw new SpoolUnavailableException("no local Redis: " + e.getMessage(), e);
    }
    var timeout = connection.getTimeout();
    try {
      return new RedisReportSpool(connection, connection.toString(), agentId, timeout, origin);
    } catch (RuntimeException e) {
      connection.closeAsync();
      throw e;
    }
  }

  @Override
  public long append(byte[] payload) {
    return appendAll(List.of(payload));
  }

  /** Numbers the payloads consecutively and writes them in batches of up to {@value #MAX_BATCH}, pipelined. */
  @Override
  public long appendAll(List<byte[]> payloads) {
    if (payloads.isEmpty()) {
      return lastSequence();
    }
    var writes = new ArrayList<CompletableFuture<Long>>();
    long last;
    issue.lock();
    try {
      var batch = new ArrayList<SpooledReport>(Math.min(payloads.size(), MAX_BATCH));
      for (var payload : payloads) {
        batch.add(new SpooledReport(next++, payload));
        if (batch.size() == MAX_BATCH) {
          writes.add(storeAsync(batch));
          batch = new ArrayList<>();
        }
      }
      if (!batch.isEmpty()) {
        writes.add(storeAsync(batch));
      }
      last = next - 1;
    } finally {
      issue.unlock();
    }
    for (var write : writes) {
      await(write);
    }
    return last;
  }

  @Override
  public List<SpooledReport> after(long sequence, int max) {
    if (max <= 0) {
      return List.of();
    }
    List<StreamMessage<String, byte[]>> messages =
        await(commands.xrange(streamKey, Range.create((sequence + 1) + "-0", "+"), Limit.from(max)));
    var reports = new ArrayList<SpooledReport>(messages.size());
    for (var message : messages) {
      var id = message.getId();
      reports.add(new SpooledReport(Long.parseLong(id.substring(0, id.indexOf('-'))),
          message.getBody().get(PAYLOAD_FIELD)));
    }
    return reports;
  }

  /** {@code XTRIM MINID}: exact, so acknowledged reports are gone at once and {@link #pending()} is exact. */
  @Override
  public void acknowledge(long upToSequence) {
    if (upToSequence > 0) {
      await(commands.xtrim(streamKey, XTrimArgs.Builder.minId((upToSequence + 1) + "-0").exactTrimming()));
    }
  }

  @Override
  public long lastSequence() {
    issue.lock();
    try {
      return next - 1;
    } finally {
      issue.unlock();
    }
  }

  @Override
  public long pending() {
    return await(commands.xlen(streamKey));
  }

  @Override
  public SpoolMode mode() {
    return SpoolMode.REDIS;
  }

  @Override
  public void close() {
    connection.closeAsync();
  }

  @Override
  public String toString() {
    return "RedisReportSpool[" + streamKey + " at " + location + "]";
  }

  /** The counter Redis held when this spool connected; empty when Redis had none (new, or lost its data). */
  OptionalLong storedAtOpen() {
    return storedAtOpen;
  }

  /**
   * Writes reports the caller numbered (consecutive, ascending, in the order they must be stored); issue order on
   * the connection is store order, so callers that need ordering issue under their own lock. Completes with the
   * last stored sequence.
   */
  CompletableFuture<Long> storeAsync(List<SpooledReport> reports) {
    var args = new byte[reports.size() * 2][];
    int i = 0;
    for (var report : reports) {
      args[i++] = Long.toString(report.sequence()).getBytes(StandardCharsets.US_ASCII);
      args[i++] = report.payload();
    }
    issue.lock();
    try {
      next = Math.max(next, reports.get(reports.size() - 1).sequence() + 1);
    } finally {
      issue.unlock();
    }
    CompletionStage<Long> written =
        commands.evalsha(storeSha, ScriptOutputType.INTEGER, new String[] {streamKey, counterKey}, args);
    return written.toCompletableFuture();
  }

  /** Makes numbering continue above {@code floor}, when Redis lost reports it had or never had ours. */
  void raiseCounterTo(long floor) {
    await(commands.eval(RAISE, ScriptOutputType.VALUE, new String[] {counterKey},
        Long.toString(floor).getBytes(StandardCharsets.US_ASCII)));
  }

  <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new SpoolUnavailableException("local Redis spool " + location + " failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new SpoolUnavailableException("local Redis spool " + location + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpoolUnavailableException("interrupted while writing to the local Redis spool", e);
    }
  }

  private static long parse(byte[] ascii) {
    return Long.parseLong(new String(ascii, StandardCharsets.US_ASCII));
  }
}
