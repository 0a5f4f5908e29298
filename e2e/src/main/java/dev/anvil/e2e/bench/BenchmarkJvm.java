package dev.anvil.e2e.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ForkJoinPool;

/** The JVM settings a benchmark main needs before anything touches the common pool or logback, and the machine's state. */
final class BenchmarkJvm {

  private BenchmarkJvm() {
  }

  /**
   * Sets what the command line did not: a common pool of 4 (on 2 CPUs it would have one thread, and the JDK HTTP
   * client then starts a thread per response) and the benchmark's quiet logback configuration. Call it first.
   */
  static void configure() {
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4");
    }
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anvil-bench-logback.xml");
    }
  }

  /** CPUs, common pool parallelism, Java version and the load average, for the header of a run. */
  static String describe() {
    return String.format("%d CPUs, common pool parallelism %d, Java %s, load average %s",
        Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism(),
        System.getProperty("java.version"), loadAverage());
  }

  /** The one-minute load average, as the OS reports it. */
  static String loadAverage() {
    return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}
