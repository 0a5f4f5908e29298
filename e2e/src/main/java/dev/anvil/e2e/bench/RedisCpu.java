package dev.anvil.e2e.bench;

import io.lettuce.core.api.sync.RedisServerCommands;
import java.io.PrintStream;

/** CPU seconds a Redis server has used (user + system, from {@code INFO cpu}): it runs outside the JVM's threads. */
final class RedisCpu {

  private RedisCpu() {
  }

  static double seconds(RedisServerCommands<String, ?> redis) {
    double total = 0;
    for (var line : redis.info("cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return total;
  }

  /** A line for {@link ThreadCpu#print}'s list: the Redis server's CPU, in milliseconds. */
  static void print(PrintStream out, double seconds) {
    out.printf("  %-40s %,7.0f ms%n", "(redis-server, another process)", seconds * 1000);
  }
}
