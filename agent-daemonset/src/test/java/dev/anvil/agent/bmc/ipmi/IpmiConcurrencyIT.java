package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many sessions and many callers on one BMC, and how long a full read takes next to ipmitool. */
class IpmiConcurrencyIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static IpmiSimulator sim;
  private static BmcSnapshot reference;

  @BeforeAll
  static void startBmc() throws Exception {
    sim = IpmiSimulator.start();
    try (var client = connect()) {
      reference = client.read();
    }
  }

  @AfterAll
  static void stopBmc() {
    sim.close();
  }

  private static IpmiClient connect() throws Exception {
    return IpmiClient.connect(IpmiEndpoints.of(sim, IpmiSimulator.USER, IpmiSimulator.PASSWORD, TIMEOUT));
  }

  @Test
  void eightSessionsOpenedAndReadInParallel() throws Exception {
    var snapshots = inParallel(8, () -> {
      try (var client = connect()) {
        client.read();
        return client.read();
      }
    });
    assertThat(snapshots).allSatisfy(snapshot -> assertThat(snapshot.sensors()).isEqualTo(reference.sensors()));
  }

  @Test
  void fiftyParallelReadsOnFiveSharedClients() throws Exception {
    var clients = new ArrayList<IpmiClient>();
    try {
      for (int i = 0; i < 5; i++) {
        clients.add(connect());
      }
      var next = new AtomicInteger();
      var snapshots = inParallel(50, () -> clients.get(next.getAndIncrement() % clients.size()).read());
      assertThat(snapshots).hasSize(50).allSatisfy(snapshot -> {
        assertThat(snapshot.sensors()).isEqualTo(reference.sensors());
        assertThat(snapshot.eventLog()).isEqualTo(reference.eventLog());
        assertThat(snapshot.inventory()).isEqualTo(reference.inventory());
      });
    } finally {
      clients.forEach(IpmiClient::close);
    }
  }

  @Test
  void aRepeatedReadSendsFewerRequestsThanTheFirstAndIsTimedNextToIpmitool() throws Exception {
    int first;
    int repeated;
    try (var counter = new DroppingUdpProxy(sim.port(), 0, 0);
        var client = IpmiClient.connect(IpmiEndpoints.at(counter.port(), IpmiSimulator.USER,
            IpmiSimulator.PASSWORD, TIMEOUT))) {
      int login = counter.requests();
      client.read();
      first = counter.requests() - login;
      client.read();
      repeated = counter.requests() - login - first;
    }
    // SDR walk, thresholds, device id and FRU are read once; readings, power, boot flags and the SEL every time
    assertThat(repeated).isLessThan(first / 2);

    Callable<BmcSnapshot> coldRead = () -> {
      try (var fresh = connect()) {
        return fresh.read();
      }
    };
    Callable<String> ipmitoolRead = () -> sim.ipmitool("sdr", "list") + sim.ipmitool("chassis", "status");
    try (var client = connect()) {
      // a discarded round first: the JIT makes the first calls several times slower
      timed(client::read, 10);
      timed(coldRead, 5);
      timed(ipmitoolRead, 2);
      long warm = timed(client::read, 20);
      long cold = timed(coldRead, 10);
      long ipmitool = timed(ipmitoolRead, 5);
      System.out.printf("IPMI timing (ipmi_sim on loopback, %d sensors, %d SEL records): IpmiClient.read() %d ms "
          + "(%d requests) on a reused session, %d ms (%d requests) with login and cold caches; ipmitool sdr list + "
          + "chassis status %d ms%n", reference.sensors().size(), reference.eventLog().entries(), warm, repeated,
          cold, first, ipmitool);
    }
  }

  /** Average milliseconds of the call over the given runs. */
  private static long timed(Callable<?> call, int runs) throws Exception {
    long started = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      call.call();
    }
    return Duration.ofNanos((System.nanoTime() - started) / runs).toMillis();
  }

  private static <T> List<T> inParallel(int callers, Callable<T> call) throws Exception {
    var pool = Executors.newFixedThreadPool(callers);
    try {
      var futures = new ArrayList<Future<T>>();
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(call));
      }
      var results = new ArrayList<T>();
      for (var future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
