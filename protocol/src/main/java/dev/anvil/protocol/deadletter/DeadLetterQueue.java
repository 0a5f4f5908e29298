package dev.anvil.protocol.deadletter;

import dev.anvil.protocol.bus.BusUnavailableException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.Range.Boundary;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The dead-letter queue in the central Redis (key layout and retention: see the package documentation).
 *
 * <p>Every call fails with {@link BusUnavailableException} while Redis does not answer; a record that failed so may
 * have been stored all the same, and recording it again is what the marker makes harmless.
 */
public final class DeadLetterQueue {

  /** Entries kept per namespace; recording more removes the oldest. */
  public static final int MAX_ENTRIES_PER_NAMESPACE = 10_000;

  private static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?:[0-9]+");

  // The entry, its marker and its index entries are written in one script: a crash leaves all or none of them.
  // Scripts are sent in full (EVAL): they run once per dead-lettered execution or replay, rarely enough.
  private static final String RECORD = """
      local existing = redis.call('GET', KEYS[1])
      if existing then return existing end
      local seq = redis.call('INCR', KEYS[2])
      local id = ARGV[1] .. ':' .. seq
      local entry = ARGV[3] .. id
      redis.call('HSET', entry, 'marker', KEYS[1], unpack(ARGV, 6))
      redis.call('ZADD', KEYS[3], seq, id)
      redis.call('ZADD', KEYS[4], seq, id)
      redis.call('SADD', KEYS[5], id)
      redis.call('SET', KEYS[1], id)
      local excess = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[2])
      if excess > 0 then
        for _, old in ipairs(redis.call('ZRANGE', KEYS[3], 0, excess - 1)) do
          local oldEntry = ARGV[3] .. old
          local fields = redis.call('HMGET', oldEntry, 'workflow', 'workflowUid', 'marker')
          if fields[1] then redis.call('ZREM', ARGV[4] .. fields[1], old) end
          if fields[2] then redis.call('SREM', ARGV[5] .. fields[2], old) end
          if fields[3] then redis.call('DEL', fields[3]) end
          redis.call('DEL', oldEntry)
        end
        redis.call('ZREMRANGEBYRANK', KEYS[3], 0, excess - 1)
      end
      return id
      """;

  private static final String MARK_REPLAYED = """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      if redis.call('HSETNX', KEYS[1], 'replayedBy', ARGV[1]) == 1 then
        redis.call('HSET', KEYS[1], 'replayedAt', ARGV[2])
        redis.call('SREM', ARGV[3] .. redis.call('HGET', KEYS[1], 'workflowUid'), ARGV[4])
      end
      return 1
      """;

  private final RedisCommands<String, String> redis;
  private final Clock clock;
  private final int maxEntriesPerNamespace;

  /** A queue over {@code connection} (it may be shared; its timeout bounds every call). */
  public DeadLetterQueue(StatefulRedisConnection<String, String> connection, Clock clock) {
    this(connection, clock, MAX_ENTRIES_PER_NAMESPACE);
  }

  /** A queue keeping {@code maxEntriesPerNamespace} entries per namespace: tests see retention without 10,000. */
  DeadLetterQueue(StatefulRedisConnection<String, String> connection, Clock clock, int maxEntriesPerNamespace) {
    this.redis = connection.sync();
    this.clock = clock;
    this.maxEntriesPerNamespace = maxEntriesPerNamespace;
  }

  /**
   * Records {@code letter} and returns its id; when its node execution (Workflow uid, node, execution) was recorded
   * before, returns that entry's id and records nothing.
   */
  public String record(DeadLetter letter) {
    var keys = new String[] {
        DeadLetterKeys.recorded(letter.workflowUid(), letter.node(), letter.execution()), DeadLetterKeys.SEQ,
        DeadLetterKeys.namespace(letter.namespace()), DeadLetterKeys.workflow(letter.namespace(), letter.workflow()),
        DeadLetterKeys.pending(letter.workflowUid())};
    var args = new ArrayList<>(List.of(letter.namespace(), Integer.toString(maxEntriesPerNamespace),
        DeadLetterKeys.ENTRY_PREFIX, DeadLetterKeys.workflowPrefix(letter.namespace()), DeadLetterKeys.PENDING_PREFIX));
    args.addAll(EntryFields.of(letter, clock.instant()));
    return call(() -> redis.<String>eval(RECORD, ScriptOutputType.VALUE, keys, args.toArray(String[]::new)));
  }

  /** The newest {@code limit} entries of {@code namespace}, of one Workflow name if given, newest first. */
  public List<DeadLetterEntry> list(String namespace, Optional<String> workflow, int limit) {
    return page(namespace, workflow, limit, OptionalLong.empty()).entries();
  }

  /**
   * Up to {@code limit} entries of {@code namespace} (of one Workflow name if given), newest first, recorded before
   * the entry with sequence number {@code before} if given: pages by {@link DeadLetterPage#next()} stay in place while
   * new entries are recorded. An entry that retention removes meanwhile is left out, so a page may hold fewer.
   */
  public DeadLetterPage page(String namespace, Optional<String> workflow, int limit, OptionalLong before) {
    if (limit <= 0) {
      return new DeadLetterPage(List.of(), OptionalLong.empty());
    }
    var index = workflow.map(name -> DeadLetterKeys.workflow(namespace, name))
        .orElseGet(() -> DeadLetterKeys.namespace(namespace));
    Range<Long> range = before.isPresent()
        ? Range.from(Boundary.unbounded(), Boundary.excluding(before.getAsLong())) : Range.unbounded();
    return call(() -> {
      var ids = redis.zrevrangebyscore(index, range, Limit.create(0, limit + 1L));
      var entries = new ArrayList<DeadLetterEntry>();
      for (var id : ids.subList(0, Math.min(limit, ids.size()))) {
        read(id).ifPresent(entries::add); // removed by retention since the index was read
      }
      var next = ids.size() > limit ? OptionalLong.of(sequence(ids.get(limit - 1))) : OptionalLong.empty();
      return new DeadLetterPage(entries, next);
    });
  }

  /** The entry {@code id}; empty if there is none (never was, or removed by retention). */
  public Optional<DeadLetterEntry> get(String id) {
    if (!ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return call(() -> read(id));
  }

  /**
   * Marks entry {@code id} replayed by {@code by}: it stays listable, with who and when, and no longer counts as
   * pending. Marking it again keeps the first replay's who and when. Returns false if there is no such entry.
   */
  public boolean markReplayed(String id, String by) {
    if (!ID.matcher(id).matches()) {
      return false;
    }
    Long marked = call(() -> redis.eval(MARK_REPLAYED, ScriptOutputType.INTEGER,
        new String[] {DeadLetterKeys.entry(id)}, by, Long.toString(clock.millis()), DeadLetterKeys.PENDING_PREFIX, id));
    return marked == 1;
  }

  /** How many entries of the Workflow with {@code workflowUid} wait for replay, for its {@code status.deadLetters}. */
  public int countPending(String workflowUid) {
    return call(() -> redis.scard(DeadLetterKeys.pending(workflowUid))).intValue();
  }

  /** The sequence number of entry {@code id}, what orders entries and pages. */
  private static long sequence(String id) {
    return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
  }

  private Optional<DeadLetterEntry> read(String id) {
    Map<String, String> fields = redis.hgetall(DeadLetterKeys.entry(id));
    return fields.isEmpty() ? Optional.empty() : Optional.of(EntryFields.read(id, fields));
  }

  private static <T> T call(Supplier<T> redisCall) {
    try {
      return redisCall.get();
    } catch (RedisCommandExecutionException e) {
      throw e; // Redis answered: an error of ours, not an outage
    } catch (RedisException e) {
      throw new BusUnavailableException("the dead-letter queue in the central Redis is unreachable", e);
    }
  }
}
