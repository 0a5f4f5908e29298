package dev.anvil.e2e.bench;

import static dev.anvil.e2e.bench.MarkdownTable.number;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.redfish.RedfishClient;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sensor polls per second for N simulated Redfish BMCs (another JVM) polled from this one the way the agent's
 * BmcService does (RedfishClient.read(), a pool of 16 threads, each host one poll at a time), with the CPU of both
 * processes, beside the ceiling in the same run: the same GETs as bare OkHttp calls from the same pool.
 */
final class RedfishPolling {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RedfishPolling() {
  }

  static void run(List<Integer> bmcCounts, int threads, Duration warmup, Duration window, String classpath,
      PrintStream out) throws Exception {
    var targets = pollTargets();
    out.printf("%nRedfish: %s mockup over HTTPS, a poll is %d GETs:%n  %s%n", Mockup.PUBLIC_RACKMOUNT1,
        targets.size(), String.join("\n  ", targets));
    var table = new MarkdownTable("BMCs", "poller", "polls/s", "p50 ms", "p99 ms", "requests/poll",
        "TLS handshakes/poll", "poller CPU/poll ms", "poller CPU % of 2 cores", "simulators' CPU % of 2 cores",
        "failed polls", "÷ ceiling");
    try (var simulators = SimulatorProcess.start(Collections.max(bmcCounts), classpath)) {
      var rounds = new PollRound.Settings(threads, warmup, window, simulators);
      // a discarded round of each at the first count, so the JIT has compiled what that round runs (the window
      // of a round right after other counts still showed a second of C2 compiling)
      var first = endpoints(simulators, bmcCounts.get(0));
      agent(first, rounds);
      ceiling(first, targets, RawRedfishGets.AGENT_POOL, rounds);
      for (int count : bmcCounts) {
        var bmcs = endpoints(simulators, count);
        out.printf("%d BMCs: RedfishClient.read() (load average %s)%n", count, BmcBenchmark.loadAverage());
        var agent = agent(bmcs, rounds);
        out.printf("%d BMCs: raw OkHttp GETs (load average %s)%n", count, BmcBenchmark.loadAverage());
        var ceiling = ceiling(bmcs, targets, RawRedfishGets.AGENT_POOL, rounds);
        var share = 100 * agent.latency().perSecond() / ceiling.latency().perSecond();
        row(table, count, "RedfishClient.read()", agent, String.format("%.0f %%", share));
        row(table, count, "raw OkHttp GETs, pool of " + RawRedfishGets.AGENT_POOL + " idle (ceiling)", ceiling, "—");
        out.println("  poller CPU by thread group, RedfishClient / ceiling: " + threadCpu(agent) + " / "
            + threadCpu(ceiling));
        if (count > RawRedfishGets.AGENT_POOL) {
          // more BMCs than idle connections kept: show what a pool with room for every BMC's connection allows
          var roomy = ceiling(bmcs, targets, count, rounds);
          row(table, count, "raw OkHttp GETs, pool of " + count + " idle", roomy, "—");
        }
      }
    }
    table.print(out);
  }

  private static PollRound.Result agent(List<BmcEndpoint> bmcs, PollRound.Settings rounds) throws Exception {
    var clients = new ArrayList<RedfishClient>();
    try {
      for (var bmc : bmcs) {
        var client = RedfishClient.create(bmc);
        clients.add(client);
        client.read(); // discovery and login, outside the measurement
      }
      return PollRound.run(clients.stream().<PollRound.Poll>map(c -> c::read).toList(), rounds);
    } finally {
      clients.forEach(RedfishClient::close);
    }
  }

  private static PollRound.Result ceiling(List<BmcEndpoint> bmcs, List<String> targets, int idleConnections,
      PollRound.Settings rounds) throws Exception {
    try (var raw = new RawRedfishGets(idleConnections)) {
      var polls = new ArrayList<PollRound.Poll>();
      for (var bmc : bmcs) {
        polls.add(raw.poll(bmc, targets));
      }
      return PollRound.run(polls, rounds);
    }
  }

  private static void row(MarkdownTable table, int count, String poller, PollRound.Result r, String ratio) {
    var cpu = r.pollerCpu().toNanos() / 1e6;
    table.row(count, poller, number(r.latency().perSecond(), 0), number(r.latency().millis(50), 1),
        number(r.latency().millis(99), 1), number(r.perPoll(r.served().requests()), 1),
        number(r.perPoll(r.served().tlsHandshakes()), 2), number(r.perPoll(cpu), 2),
        number(r.percentOfCores(r.pollerCpu()), 0) + " %", number(r.percentOfCores(r.simulatorCpu()), 0) + " %",
        r.failures() == 0 ? "0" : r.failures() + " (" + r.firstFailure() + ")", ratio);
  }

  /** The four largest thread groups, and the rest of the process's CPU: GC, JIT, threads that ended meanwhile. */
  private static String threadCpu(PollRound.Result r) {
    long threads = r.threadCpu().values().stream().mapToLong(Long::longValue).sum();
    return r.threadCpu().entrySet().stream().limit(4).map(e -> e.getKey() + " " + e.getValue() + " ms")
        .collect(Collectors.joining(", ")) + ", GC/JIT/ended threads " + (r.pollerCpu().toMillis() - threads)
        + " ms";
  }

  /** The GETs of one steady poll (after discovery and login), recorded by a simulator in this JVM. */
  private static List<String> pollTargets() throws Exception {
    try (var bmc = RedfishSimulator.start(Mockup.PUBLIC_RACKMOUNT1);
        var client = RedfishClient.create(new BmcEndpoint(URI.create("redfish+https://127.0.0.1:"
            + bmc.httpsUri().getPort()), bmc.username(), bmc.password(), bmc.caPem(), false, 3, true, TIMEOUT))) {
      client.read();
      var before = bmc.requestTargets();
      client.read();
      var targets = new ArrayList<String>();
      bmc.requestTargets().forEach((target, count) -> {
        int sent = count - before.getOrDefault(target, 0);
        if (sent > 0 && !target.startsWith("GET ")) {
          throw new IllegalStateException("a steady poll sent " + target + ", not only GETs");
        }
        targets.addAll(Collections.nCopies(sent, target.substring(4)));
      });
      return targets;
    }
  }

  /** The first {@code count} simulated BMCs, as the hub would hand them to the agent. */
  private static List<BmcEndpoint> endpoints(SimulatorProcess simulators, int count) {
    return simulators.bmcs().subList(0, count).stream().map(bmc -> new BmcEndpoint(URI.create(
        "redfish+https://127.0.0.1:" + bmc.port()), bmc.username(), bmc.password(), bmc.caPem(), false, 3, true,
        TIMEOUT)).toList();
  }
}
