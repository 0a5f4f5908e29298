package dev.anvil.e2e.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulated Redfish BMCs in a JVM of their own ({@code dev.anvil.sim.redfish.SimulatorMain}), so that the poller's
 * CPU is measured without theirs; theirs is read from {@code /proc}, their request and TLS handshake counts asked
 * over standard input.
 */
final class SimulatorProcess implements AutoCloseable {

  /** One simulated BMC: where it listens, its account, and the PEM of the CA its certificate chains to. */
  record Bmc(int port, String username, String password, String caPem) {
  }

  /** Requests and TLS handshakes the BMCs have seen, summed. */
  record Stats(long requests, long tlsHandshakes) {
    Stats minus(Stats earlier) {
      return new Stats(requests - earlier.requests, tlsHandshakes - earlier.tlsHandshakes);
    }
  }

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  private final List<Bmc> bmcs;

  private SimulatorProcess(Process process, BufferedReader out, List<Bmc> bmcs) {
    this.process = process;
    this.out = out;
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.bmcs = bmcs;
  }

  /** Starts {@code count} BMCs on the classpath given and waits until they all listen. */
  static SimulatorProcess start(int count, String classpath) throws IOException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(java, "-Xmx1g", "-Dslf4j.internal.verbosity=ERROR", "-cp", classpath,
        "dev.anvil.sim.redfish.SimulatorMain", "--count", Integer.toString(count))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    var bmcs = new ArrayList<Bmc>();
    try {
      for (var line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
        if (line == null) {
          throw new IllegalStateException("the simulator process ended before it was ready (exit "
              + process.waitFor() + ")");
        }
        var fields = line.split(" ");
        bmcs.add(new Bmc(Integer.parseInt(fields[1]), fields[2], fields[3], Files.readString(Path.of(fields[4]))));
      }
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new SimulatorProcess(process, out, List.copyOf(bmcs));
  }

  List<Bmc> bmcs() {
    return bmcs;
  }

  long pid() {
    return process.pid();
  }

  synchronized Stats stats() throws IOException {
    in.println("stats");
    var answer = out.readLine();
    if (answer == null || !answer.startsWith("stats ")) {
      throw new IllegalStateException("the simulator process answered '" + answer + "' to stats");
    }
    var fields = answer.split(" ");
    return new Stats(Long.parseLong(fields[1]), Long.parseLong(fields[2]));
  }

  /** Asks the process to stop and waits for it; forces it after 10 s. */
  @Override
  public void close() throws InterruptedException {
    in.println("stop");
    in.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
