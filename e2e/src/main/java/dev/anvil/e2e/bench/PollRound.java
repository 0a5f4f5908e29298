package dev.anvil.e2e.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Polls hosts back to back on a bounded pool, each host one poll at a time as BmcService does (a host's polls are
 * serial, the hosts share the pool), and measures a window after a warm-up: polls/s and latency, the CPU of this JVM
 * and of the simulator process, and the requests and TLS handshakes the simulated BMCs saw.
 */
final class PollRound {

  /** One poll of one host. */
  @FunctionalInterface
  interface Poll {
    void run() throws Exception;
  }

  /** How a round runs: the pool's threads, the discarded warm-up, the measured window, the BMCs' process. */
  record Settings(int threads, Duration warmup, Duration window, SimulatorProcess simulators) {
  }

  /** What the window measured; {@code threadCpu} is this JVM's CPU by thread group, in milliseconds. */
  record Result(Latencies latency, Duration pollerCpu, Duration simulatorCpu, SimulatorProcess.Stats served,
      int failures, String firstFailure, Map<String, Long> threadCpu) {

    double perPoll(double total) {
      return total / latency.count();
    }

    /** CPU as a share of the machine's cores over the window, in percent. */
    double percentOfCores(Duration cpu) {
      return 100.0 * cpu.toNanos() / latency.wallNanos() / Runtime.getRuntime().availableProcessors();
    }
  }

  private final List<Poll> hosts;
  private final ExecutorService pool;
  private final CountDownLatch ended;
  private final ConcurrentLinkedQueue<Long> measured = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private volatile boolean measuring;
  private volatile boolean stopping;

  private PollRound(List<Poll> hosts, int threads) {
    this.hosts = hosts;
    var counter = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "poller-" + counter.incrementAndGet()));
    this.ended = new CountDownLatch(hosts.size());
  }

  /** Polls every host continuously through the warm-up (discarded) and then the window (measured). */
  static Result run(List<Poll> hosts, Settings settings) throws IOException, InterruptedException {
    var round = new PollRound(hosts, settings.threads());
    try {
      return round.measure(settings.warmup(), settings.window(), settings.simulators());
    } finally {
      round.pool.shutdownNow();
    }
  }

  private Result measure(Duration warmup, Duration window, SimulatorProcess simulators)
      throws IOException, InterruptedException {
    for (int host = 0; host < hosts.size(); host++) {
      next(host);
    }
    Thread.sleep(warmup.toMillis()); // timed windows, not waits for a state
    var threads = ThreadCpu.snapshot();
    var cpu = ProcessCpu.self();
    var simulatorCpu = ProcessCpu.withChildren(simulators.pid());
    var served = simulators.stats();
    long started = System.nanoTime();
    measuring = true;
    Thread.sleep(window.toMillis());
    measuring = false;
    long wall = System.nanoTime() - started;
    var result = new Result(Latencies.of(measured.stream().mapToLong(Long::longValue).toArray(), wall),
        ProcessCpu.self().minus(cpu), ProcessCpu.withChildren(simulators.pid()).minus(simulatorCpu),
        simulators.stats().minus(served), failures.get(), firstFailure.get(), threads.since());
    stopping = true;
    ended.await();
    return result;
  }

  /** Queues the host's next poll behind the other hosts' (fair across hosts, one at a time per host). */
  private void next(int host) {
    pool.execute(() -> {
      if (stopping) {
        ended.countDown();
        return;
      }
      long started = System.nanoTime();
      try {
        hosts.get(host).run();
        if (measuring) {
          measured.add(System.nanoTime() - started);
        }
      } catch (Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, e.toString());
      }
      next(host);
    });
  }
}
