package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.MarkdownTable.number;
import static dev.anvil.e2e.bench.MarkdownTable.times;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.ipmi.IpmiClient;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's IpmiClient next to ipmitool against the same ipmi_sim in one run: a power query on an open session
 * against ipmitool run once per query (as scripts do) and in its single-session batch mode ({@code exec}), and a
 * whole poll (sensors, event log, inventory) against {@code sdr list} + {@code sel list} + {@code fru print}.
 */
final class IpmiComparison {

  /**
   * A way of doing an operation, run {@code count} times in {@code wallNanos}, with the CPU the client side and the
   * BMC used; {@code latency} is null for a batch, whose operations are not timed one by one.
   */
  private record Measured(String what, int count, long wallNanos, Latencies latency, Duration clientCpu,
      Duration bmcCpu) {
    double perSecond() {
      return count * 1e9 / wallNanos;
    }

    double cpuPerOp(Duration cpu) {
      return cpu.toNanos() / 1e6 / count;
    }
  }

  @FunctionalInterface
  private interface Operation {
    void run() throws Exception;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int WARM_UP_POWERS = 2000;
  private static final int WARM_UP_READS = 300;
  private static final String POWER = "chassis power status";
  /** What a script reads for sensors, event log and inventory. */
  private static final List<String> POLL = List.of("sdr list", "sel list", "fru print");
  /** The same and what IpmiClient.read() also reads: power state and boot flags (each a chassis hook call). */
  private static final List<String> SAME_AS_READ = List.of(POWER, "chassis bootparam get 5", "sdr list", "sel list",
      "fru print");

  private final IpmiSimulator bmc;

  private IpmiComparison(IpmiSimulator bmc) {
    this.bmc = bmc;
  }

  /** Starts an ipmi_sim, measures, prints the table and stops it. */
  static void run(int ops, int processRuns, int polls, PrintStream out) throws Exception {
    try (var bmc = IpmiSimulator.start()) {
      new IpmiComparison(bmc).measure(ops, processRuns, polls, out);
    }
  }

  private void measure(int ops, int processRuns, int polls, PrintStream out) throws Exception {
    out.printf("%nIPMI: ipmi_sim on 127.0.0.1:%d, RMCP+ cipher suite 3, load average %s%n", bmc.port(),
        BmcBenchmark.loadAverage());
    var powers = new ArrayList<Measured>();
    var reads = new ArrayList<Measured>();
    try (var client = IpmiClient.connect(endpoint())) {
      // the JIT needs thousands of calls before the client's CPU per call settles
      timed("warm-up", WARM_UP_POWERS, client::power, ProcessCpu::self);
      powers.add(timed("IpmiClient.power(), one open session", ops, client::power, ProcessCpu::self));
      timed("warm-up", WARM_UP_READS, client::read, ProcessCpu::self);
      reads.add(timed("IpmiClient.read() on the open session (SDRs and FRU cached)", polls, client::read,
          ProcessCpu::self));
    }
    Operation coldRead = () -> {
      try (var fresh = IpmiClient.connect(endpoint())) {
        fresh.read();
      }
    };
    timed("warm-up", WARM_UP_READS / 10, coldRead, ProcessCpu::self);
    reads.add(timed("IpmiClient connect + read() + close (login, SDR walk, FRU, SEL)", polls, coldRead,
        ProcessCpu::self));

    timed("warm-up", 3, () -> bmc.ipmitool(POWER.split(" ")), ProcessCpu::children);
    powers.add(timed("ipmitool " + POWER + ", one process per query", processRuns,
        () -> bmc.ipmitool(POWER.split(" ")), ProcessCpu::children));
    powers.add(batch("ipmitool exec: " + POWER + " ×" + ops + " in one session", ops, POWER));
    for (var poll : List.of(SAME_AS_READ, POLL)) {
      var name = "ipmitool " + String.join(" + ", poll);
      timed("warm-up", 1, () -> byProcesses(poll), ProcessCpu::children);
      // ipmitool's processes are slow: a fifth as many polls is enough for a stable mean
      reads.add(timed(name + ", " + poll.size() + " processes", Math.max(1, polls / 5), () -> byProcesses(poll),
          ProcessCpu::children));
      reads.add(batch("ipmitool exec: the same ×" + polls + " in one session", polls, poll.toArray(String[]::new)));
    }

    var table = new MarkdownTable("operation", "runs", "ops/s", "p50 ms", "p99 ms", "client CPU/op ms",
        "ipmi_sim CPU/op ms", "IpmiClient ops/s ÷ this");
    powers.forEach(m -> row(table, m, powers.get(0)));
    reads.forEach(m -> row(table, m, reads.get(0)));
    table.print(out);
    out.println("(a batch is timed whole: its p50 column is the mean, wall time ÷ operations, with process start "
        + "and login spread over them; client CPU: this JVM for IpmiClient, the ipmitool processes for ipmitool; "
        + "ipmi_sim CPU includes its chassis hook scripts)");
  }

  private static void row(MarkdownTable table, Measured m, Measured ours) {
    var latency = m.latency();
    table.row(m.what(), m.count(), number(m.perSecond(), 1),
        number(latency == null ? m.wallNanos() / 1e6 / m.count() : latency.millis(50), 2),
        latency == null ? "—" : number(latency.millis(99), 2), number(m.cpuPerOp(m.clientCpu()), 2),
        number(m.cpuPerOp(m.bmcCpu()), 2), times(ours.perSecond(), m.perSecond()));
  }

  /** Runs the operation {@code runs} times in a row, timing each, with the client's and the BMC's CPU around it. */
  private Measured timed(String what, int runs, Operation operation, Supplier<Duration> clientCpu)
      throws Exception {
    var nanos = new long[runs];
    var client = clientCpu.get();
    var bmcCpu = ProcessCpu.withChildren(bmc.pid());
    for (int i = 0; i < runs; i++) {
      long started = System.nanoTime();
      operation.run();
      nanos[i] = System.nanoTime() - started;
    }
    var latency = Latencies.sequential(nanos);
    return new Measured(what, runs, latency.wallNanos(), latency, clientCpu.get().minus(client),
        ProcessCpu.withChildren(bmc.pid()).minus(bmcCpu));
  }

  /** One ipmitool process running {@code times} rounds of the commands from a file in one session. */
  private Measured batch(String what, int times, String... commands) throws Exception {
    var file = Files.createTempFile("anvil-ipmitool-", ".txt");
    try {
      Files.writeString(file, (String.join("\n", commands) + "\n").repeat(times));
      bmc.ipmitool("exec", file.toString()); // warm-up: page cache, ipmi_sim's state
      var whole = timed(what, 1, () -> bmc.ipmitool("exec", file.toString()), ProcessCpu::children);
      return new Measured(what, times, whole.wallNanos(), null, whole.clientCpu(), whole.bmcCpu());
    } finally {
      Files.delete(file);
    }
  }

  private void byProcesses(List<String> commands) {
    for (var command : commands) {
      bmc.ipmitool(command.split(" "));
    }
  }

  private BmcEndpoint endpoint() {
    return new BmcEndpoint(URI.create("ipmi://127.0.0.1:" + bmc.port()), IpmiSimulator.USER, IpmiSimulator.PASSWORD,
        null, false, 3, true, TIMEOUT);
  }
}
