package dev.anvil.e2e.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of processes: this JVM's (from the OS MXBean), and from {@code /proc/<pid>/stat} another process's or the
 * finished children's of this one (so the CPU of ipmi_sim's hook scripts and of ipmitool runs is counted too).
 */
final class ProcessCpu {

  /** {@code /proc} counts in USER_HZ clock ticks, which Linux fixes at 100 per second for user space. */
  private static final long NANOS_PER_TICK = 10_000_000;

  private ProcessCpu() {
  }

  /** User + system CPU this JVM has used. */
  static Duration self() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return Duration.ofNanos(os.getProcessCpuTime());
  }

  /** User + system CPU of the process and of its children it has waited for. */
  static Duration withChildren(long pid) {
    var fields = stat(Long.toString(pid));
    return ticks(fields, 13, 14, 15, 16);
  }

  /** User + system CPU of this JVM's children it has waited for (the programs it ran). */
  static Duration children() {
    return ticks(stat("self"), 15, 16);
  }

  /** The fields after the command name (which may hold spaces), numbered as in proc(5) minus one. */
  private static String[] stat(String pid) {
    try {
      var line = Files.readString(Path.of("/proc", pid, "stat"));
      var afterName = line.substring(line.lastIndexOf(')') + 2).split(" ");
      var fields = new String[afterName.length + 2];
      System.arraycopy(afterName, 0, fields, 2, afterName.length);
      return fields;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid + " (Linux /proc only)", e);
    }
  }

  private static Duration ticks(String[] fields, int... indexes) {
    long ticks = 0;
    for (int index : indexes) {
      ticks += Long.parseLong(fields[index]);
    }
    return Duration.ofNanos(ticks * NANOS_PER_TICK);
  }
}
