package dev.anvil.e2e.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** CPU time spent by each group of threads (names with their numbers stripped) between two snapshots. */
final class ThreadCpu {

  private final Map<Long, Long> start = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();

  static ThreadCpu snapshot() {
    var cpu = new ThreadCpu();
    var mx = ManagementFactory.getThreadMXBean();
    for (var info : mx.dumpAllThreads(false, false)) {
      cpu.start.put(info.getThreadId(), Math.max(0, mx.getThreadCpuTime(info.getThreadId())));
    }
    return cpu;
  }

  /** Milliseconds of CPU per thread group since this snapshot, largest first (threads since ended are lost). */
  Map<String, Long> since() {
    var mx = ManagementFactory.getThreadMXBean();
    var byGroup = new HashMap<String, Long>();
    for (var info : mx.dumpAllThreads(false, false)) {
      long now = mx.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      long used = now - start.getOrDefault(info.getThreadId(), 0L);
      var group = info.getThreadName().replaceAll("[0-9]+", "#");
      byGroup.merge(group, used / 1_000_000, Long::sum);
    }
    var sorted = new TreeMap<String, Long>((a, b) -> {
      int c = Long.compare(byGroup.get(b), byGroup.get(a));
      return c != 0 ? c : a.compareTo(b);
    });
    sorted.putAll(byGroup);
    return sorted;
  }

  /** Prints the {@code limit} largest groups of {@link #since()}, beside what {@code seconds} of all CPUs allow. */
  static void print(PrintStream out, Map<String, Long> used, String during, double seconds, int limit) {
    int cpus = Runtime.getRuntime().availableProcessors();
    out.printf("CPU by thread group during %s (wall %.1f s, %d CPUs = %,.0f ms):%n", during, seconds, cpus,
        seconds * cpus * 1000);
    used.entrySet().stream().limit(limit).forEach(e -> out.printf("  %-40s %,7d ms%n", e.getKey(), e.getValue()));
  }
}
