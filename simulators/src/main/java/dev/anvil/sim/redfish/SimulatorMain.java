package dev.anvil.sim.redfish;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs simulated Redfish BMCs in a process of their own, so a benchmark can tell its CPU from theirs. Prints one line
 * per BMC, {@code bmc <https port> <username> <password> <CA PEM file>}, then {@code ready}; answers each
 * {@code stats} line on standard input with {@code stats <requests> <TLS handshakes>} summed over the BMCs; stops at
 * {@code stop} or when standard input closes (the parent went away).
 *
 * <pre>java -cp ... dev.anvil.sim.redfish.SimulatorMain --count 50 [--mockup public-bladed]</pre>
 */
public final class SimulatorMain {

  private SimulatorMain() {
  }

  public static void main(String[] args) throws IOException {
    int count = 1;
    var mockup = Mockup.PUBLIC_RACKMOUNT1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--count" -> count = Integer.parseInt(args[i + 1]);
        case "--mockup" -> mockup = Mockup.valueOf(args[i + 1].toUpperCase().replace('-', '_'));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (known: --count N --mockup public-rackmount1|public-bladed)");
      }
    }
    var pems = Files.createTempDirectory("anvil-redfish-sim-");
    var bmcs = new ArrayList<RedfishSimulator>();
    try {
      for (int i = 0; i < count; i++) {
        var bmc = RedfishSimulator.start(mockup);
        bmcs.add(bmc);
        var pem = Files.writeString(pems.resolve("bmc-" + i + "-ca.pem"), bmc.caPem());
        System.out.printf("bmc %d %s %s %s%n", bmc.httpsUri().getPort(), bmc.username(), bmc.password(), pem);
      }
      System.out.println("ready");
      System.out.flush();
      serve(bmcs);
    } finally {
      bmcs.forEach(RedfishSimulator::close);
      try (var files = Files.list(pems)) {
        for (var file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(pems);
    }
  }

  /** Answers {@code stats} until {@code stop} or the end of standard input. */
  private static void serve(List<RedfishSimulator> bmcs) throws IOException {
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (var line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
      if (line.equals("stats")) {
        System.out.printf("stats %d %d%n", bmcs.stream().mapToLong(RedfishSimulator::requestCount).sum(),
            bmcs.stream().mapToLong(RedfishSimulator::tlsHandshakes).sum());
        System.out.flush();
      }
    }
  }
}
