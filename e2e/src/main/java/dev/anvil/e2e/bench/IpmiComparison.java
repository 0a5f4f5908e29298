package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.MarkdownTable.number;
import static dev.anvil.e2e.bench.MarkdownTable.times;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.ipmi.IpmiClient;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's IpmiClient next to ipmitool against the same ipmi_sim in one run: a power query on an open session
 * against ipmitool run once per query (as scripts do) and in its single-session batch mode ({@code exec}), and a
 * whole poll (sensors, event log, inventory) against {@code sdr list} + {@code sel list} + {@code fru print}. The
 * ways are measured in interleaved slices, so a change in the machine's load falls on all of them alike.
 */
final class IpmiComparison {

  /** Whose CPU is the client's: this JVM's (IpmiClient), or that of the ipmitool processes it ran. */
  private enum Client {
    JVM(ProcessCpu::self), IPMITOOL(ProcessCpu::children);

    private final Supplier<Duration> cpu;

    Client(Supplier<Duration> cpu) {
      this.cpu = cpu;
    }
  }

  /**
   * Operations run {@code count} times in {@code wallNanos}, with the CPU the client, the calling thread alone and
   * the BMC used; {@code latency} is null for a batch, whose operations are not timed one by one.
   */
  private record Measured(Client client, int count, long wallNanos, Latencies latency, Duration clientCpu,
      Duration callerCpu, Duration bmcCpu) {

    Measured plus(Measured more) {
      return new Measured(client, count + more.count, wallNanos + more.wallNanos,
          latency == null ? null : latency.plus(more.latency), clientCpu.plus(more.clientCpu),
          callerCpu.plus(more.callerCpu), bmcCpu.plus(more.bmcCpu));
    }

    double perSecond() {
      return count * 1e9 / wallNanos;
    }

    double cpuPerOp(Duration cpu) {
      return cpu.toNanos() / 1e6 / count;
    }
  }

  /** One way of doing the operation: {@code runs} of it in total, measured {@code slice} operations at a time. */
  private record Way(String what, int runs, Slice slice) {
  }

  @FunctionalInterface
  private interface Slice {
    Measured measure(int operations) throws Exception;
  }

  @FunctionalInterface
  private interface Operation {
    void run() throws Exception;
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** The JIT needs thousands of calls before the client's CPU per call settles. */
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

  /** Starts an ipmi_sim, measures in {@code slices} interleaved slices, prints the table and stops it. */
  static void run(int ops, int processRuns, int polls, int slices, PrintStream out) throws Exception {
    try (var bmc = IpmiSimulator.start(); var client = IpmiClient.connect(endpoint(bmc))) {
      new IpmiComparison(bmc).measure(client, ops, processRuns, polls, slices, out);
    }
  }

  private void measure(IpmiClient client, int ops, int processRuns, int polls, int slices, PrintStream out)
      throws Exception {
    out.printf("%nIPMI: ipmi_sim on 127.0.0.1:%d, RMCP+ cipher suite 3, %d interleaved slices, load average %s%n",
        bmc.port(), slices, BmcBenchmark.loadAverage());
    Operation coldRead = () -> {
      try (var fresh = IpmiClient.connect(endpoint(bmc))) {
        fresh.read();
      }
    };
    timed(WARM_UP_POWERS, client::power, Client.JVM);
    timed(WARM_UP_READS, client::read, Client.JVM);
    timed(WARM_UP_READS / 10, coldRead, Client.JVM);
    var powers = List.of(
        new Way("IpmiClient.power(), one open session", ops, n -> timed(n, client::power, Client.JVM)),
        new Way("ipmitool " + POWER + ", one process per query", processRuns,
            n -> timed(n, () -> bmc.ipmitool(POWER.split(" ")), Client.IPMITOOL)),
        new Way("ipmitool exec: " + POWER + ", all in one session", ops, n -> batch(n, List.of(POWER))));
    var reads = new ArrayList<>(List.of(
        new Way("IpmiClient.read() on the open session (SDRs and FRU cached)", polls,
            n -> timed(n, client::read, Client.JVM)),
        new Way("IpmiClient connect + read() + close (login, SDR walk, FRU, SEL)", polls,
            n -> timed(n, coldRead, Client.JVM))));
    for (var poll : List.of(SAME_AS_READ, POLL)) {
      // ipmitool's processes are slow: a fifth as many polls is enough for a stable mean
      reads.add(new Way("ipmitool " + String.join(" + ", poll) + ", " + poll.size() + " processes",
          Math.max(slices, polls / 5), n -> timed(n, () -> byProcesses(poll), Client.IPMITOOL)));
      reads.add(new Way("ipmitool exec: the same, all in one session", polls, n -> batch(n, poll)));
    }

    var table = new MarkdownTable("operation", "runs", "ops/s", "p50 ms", "p99 ms", "client CPU/op ms",
        "calling thread CPU/op ms", "ipmi_sim CPU/op ms", "IpmiClient ops/s ÷ this");
    for (var ways : List.of(powers, reads)) {
      var measured = interleaved(ways, slices);
      for (int i = 0; i < ways.size(); i++) {
        row(table, ways.get(i).what(), measured.get(i), measured.get(0));
      }
    }
    table.print(out);
    out.println("(a batch is one ipmitool exec per slice, timed whole: its p50 column is the mean, wall time ÷ "
        + "operations, process start and login included; client CPU: this JVM for IpmiClient (JIT and GC "
        + "included), the ipmitool processes for ipmitool; ipmi_sim CPU includes its chassis hook scripts)");
  }

  /** Each way's runs in {@code slices} slices, taking turns, summed per way. */
  private static List<Measured> interleaved(List<Way> ways, int slices) throws Exception {
    var sums = new Measured[ways.size()];
    for (int slice = 0; slice < slices; slice++) {
      for (int i = 0; i < sums.length; i++) {
        var way = ways.get(i);
        var measured = way.slice().measure(way.runs() / slices + (slice < way.runs() % slices ? 1 : 0));
        sums[i] = sums[i] == null ? measured : sums[i].plus(measured);
      }
    }
    return List.of(sums);
  }

  private static void row(MarkdownTable table, String what, Measured m, Measured ours) {
    var latency = m.latency();
    table.row(what, m.count(), number(m.perSecond(), 1),
        number(latency == null ? m.wallNanos() / 1e6 / m.count() : latency.millis(50), 2),
        latency == null ? "—" : number(latency.millis(99), 2), number(m.cpuPerOp(m.clientCpu()), 2),
        m.client() == Client.JVM ? number(m.cpuPerOp(m.callerCpu()), 2) : "—", number(m.cpuPerOp(m.bmcCpu()), 2),
        times(ours.perSecond(), m.perSecond()));
  }

  /** Runs the operation {@code runs} times in a row, timing each, with the client's and the BMC's CPU around it. */
  private Measured timed(int runs, Operation operation, Client client) throws Exception {
    var nanos = new long[runs];
    var clientCpu = client.cpu.get();
    long callerCpu = THREADS.getCurrentThreadCpuTime();
    var bmcCpu = ProcessCpu.withChildren(bmc.pid());
    for (int i = 0; i < runs; i++) {
      long started = System.nanoTime();
      operation.run();
      nanos[i] = System.nanoTime() - started;
    }
    var latency = Latencies.sequential(nanos);
    return new Measured(client, runs, latency.wallNanos(), latency, client.cpu.get().minus(clientCpu),
        Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - callerCpu),
        ProcessCpu.withChildren(bmc.pid()).minus(bmcCpu));
  }

  /** One ipmitool process running the commands {@code times} over from a file, in one session. */
  private Measured batch(int times, List<String> commands) throws Exception {
    var file = Files.createTempFile("anvil-ipmitool-", ".txt");
    try {
      Files.writeString(file, (String.join("\n", commands) + "\n").repeat(times));
      var whole = timed(1, () -> bmc.ipmitool("exec", file.toString()), Client.IPMITOOL);
      return new Measured(Client.IPMITOOL, times, whole.wallNanos(), null, whole.clientCpu(), whole.callerCpu(),
          whole.bmcCpu());
    } finally {
      Files.delete(file);
    }
  }

  private void byProcesses(List<String> commands) {
    for (var command : commands) {
      bmc.ipmitool(command.split(" "));
    }
  }

  private static BmcEndpoint endpoint(IpmiSimulator bmc) {
    return new BmcEndpoint(URI.create("ipmi://127.0.0.1:" + bmc.port()), IpmiSimulator.USER, IpmiSimulator.PASSWORD,
        null, false, 3, true, TIMEOUT);
  }
}
