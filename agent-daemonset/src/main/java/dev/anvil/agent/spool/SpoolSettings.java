package dev.anvil.agent.spool;

import java.time.Duration;

/**
 * How the agent's report spool is set up: its local Redis, the bound of the in-memory fallback, and how patiently it
 * talks to and reconnects to Redis.
 *
 * @param redisUri the agent's own Redis, e.g. {@code redis://127.0.0.1:6379}
 * @param agentId names the spool's keys; one writer per id
 * @param memoryMaxBytes payload bytes held in memory before appends block
 * @param memoryMaxEntries reports held in memory before appends block
 * @param commandTimeout connect and command timeout towards Redis
 * @param reconnectInitial first delay before reconnecting; doubles per failed attempt
 * @param reconnectMax longest delay between reconnect attempts
 * @param origin first sequence number when nothing is left to continue from (see {@link SequenceOrigin})
 */
public record SpoolSettings(String redisUri, String agentId, long memoryMaxBytes, int memoryMaxEntries,
    Duration commandTimeout, Duration reconnectInitial, Duration reconnectMax, long origin) {

  public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  public static final int DEFAULT_MEMORY_ENTRIES = 200_000;

  /** 64 MiB / 200,000 reports in memory, 2 s timeout, reconnect after 100 ms doubling up to 5 s, clock origin. */
  public static SpoolSettings defaults(String redisUri, String agentId) {
    return new SpoolSettings(redisUri, agentId, DEFAULT_MEMORY_BYTES, DEFAULT_MEMORY_ENTRIES, Duration.ofSeconds(2),
        Duration.ofMillis(100), Duration.ofSeconds(5), SequenceOrigin.now());
  }

  public SpoolSettings withMemoryBound(long maxBytes, int maxEntries) {
    return new SpoolSettings(redisUri, agentId, maxBytes, maxEntries, commandTimeout, reconnectInitial, reconnectMax,
        origin);
  }

  public SpoolSettings withReconnect(Duration initial, Duration max) {
    return new SpoolSettings(redisUri, agentId, memoryMaxBytes, memoryMaxEntries, commandTimeout, initial, max,
        origin);
  }

  public SpoolSettings withOrigin(long firstSequence) {
    return new SpoolSettings(redisUri, agentId, memoryMaxBytes, memoryMaxEntries, commandTimeout, reconnectInitial,
        reconnectMax, firstSequence);
  }
}
