package dev.anvil.e2e.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fast the agent talks to BMCs, each figure beside a reference measured in the same run: IpmiClient next to
 * ipmitool against one ipmi_sim ({@link IpmiComparison}), and Redfish sensor polls of N simulated BMCs next to bare
 * HTTP requests for the same resources ({@link RedfishPolling}).
 */
public final class BmcBenchmark {

  private static final Map<String, String> DEFAULTS = Map.of("--parts", "ipmi,redfish", "--ops", "500",
      "--processes", "50", "--polls", "50", "--bmcs", "1,10,50", "--threads", "16", "--warmup", "8",
      "--seconds", "10", "--slices", "5");

  private BmcBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anvil-bench-logback.xml");
    }
    var o = options(args);
    var parts = List.of(o.get("--parts").split(","));
    // bench-bmc.sh passes the simulators module's own classpath; from an IDE this JVM's (a superset) does
    var classpath = System.getProperty("anvil.simulators.classpath", System.getProperty("java.class.path"));
    System.out.printf("Anvil BMC benchmark: %s; %d CPUs, Java %s, load average %s%n", o,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
    if (parts.contains("ipmi")) {
      IpmiComparison.run(integer(o, "--ops"), integer(o, "--processes"), integer(o, "--polls"),
          integer(o, "--slices"), System.out);
    }
    if (parts.contains("redfish")) {
      var counts = Arrays.stream(o.get("--bmcs").split(",")).map(Integer::valueOf).toList();
      RedfishPolling.run(counts, integer(o, "--threads"), Duration.ofSeconds(integer(o, "--warmup")),
          Duration.ofSeconds(integer(o, "--seconds")), classpath, System.out);
    }
    System.out.printf("%nload average at the end: %s%n", loadAverage());
  }

  /** The one-minute load average, as the OS reports it. */
  static String loadAverage() {
    return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static Map<String, String> options(String[] args) {
    var options = new TreeMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      if (!DEFAULTS.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown argument " + args[i] + " (known, with defaults: " + DEFAULTS
            + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static int integer(Map<String, String> options, String name) {
    try {
      return Integer.parseInt(options.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, was '" + options.get(name) + "'");
    }
  }
}
