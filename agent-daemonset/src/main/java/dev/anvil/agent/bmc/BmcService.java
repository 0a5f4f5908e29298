package dev.anvil.agent.bmc;

import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcServing;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ReleaseBmcHost;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's BmcHost side: serves the hosts the hub assigns (ServeBmcHost, ReleaseBmcHost), polls each on its own
 * schedule, runs one-shot actions once per action id, and spools observations and action results. Hosts poll and
 * act in parallel on a bounded pool; one host does one thing at a time. Credentials stay in memory only.
 */
public final class BmcService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BmcService.class);

  private final BmcClientFactory factory;
  private final ReportOutbox outbox;
  private final Executor pool;
  private final PollTimer timer;
  private final Clock clock;
  private final DoubleSupplier random;
  private final ExecutorService owned;
  private final PollListener listener;
  private final ActionRunner actions;
  private final ActionLedger ledger = new ActionLedger();
  private final Map<String, ServedHost> hosts = new ConcurrentHashMap<>();

  /** A service polling and acting on {@code threads} threads at most; {@code listener} hears every poll. */
  public BmcService(BmcClientFactory factory, ReportOutbox outbox, int threads, PollListener listener) {
    this(factory, outbox, pool(threads), listener);
  }

  private BmcService(BmcClientFactory factory, ReportOutbox outbox, ScheduledThreadPoolExecutor pool,
      PollListener listener) {
    this(factory, outbox, pool, (delay, task) -> pool.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
        Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble(), pool, listener);
  }

  BmcService(BmcClientFactory factory, ReportOutbox outbox, Executor pool, PollTimer timer, Clock clock,
      DoubleSupplier random, ExecutorService owned, PollListener listener) {
    this.factory = factory;
    this.outbox = outbox;
    this.pool = pool;
    this.timer = timer;
    this.clock = clock;
    this.random = random;
    this.owned = owned;
    this.listener = listener;
    this.actions = new ActionRunner(clock);
  }

  /** Executes a ServeBmcHost, ReleaseBmcHost or BmcAction; the slow part (BMC calls) runs in the background. */
  public void execute(Command command) {
    switch (command.getKindCase()) {
      case SERVE_BMC_HOST -> serve(command.getServeBmcHost());
      case RELEASE_BMC_HOST -> release(command.getReleaseBmcHost());
      case BMC_ACTION -> act(command.getBmcAction());
      default -> throw new IllegalArgumentException("not a BMC command: " + command.getKindCase());
    }
  }

  /** The hosts served right now, each at its config_version, for heartbeats. */
  public List<BmcServing> served() {
    return hosts.entrySet().stream().map(e -> BmcServing.newBuilder().setHostUid(e.getKey())
        .setConfigVersion(e.getValue().settings().configVersion()).build()).toList();
  }

  /** The console settings of a served host; empty when this agent does not serve it (or not yet). */
  public Optional<ConsoleSettings> consoleSettings(String hostUid) {
    var host = hosts.get(hostUid);
    var settings = host == null ? null : host.settings();
    return settings == null ? Optional.empty() : Optional.of(settings.console());
  }

  private void serve(ServeBmcHost serve) {
    var settings = HostSettings.of(serve);
    var known = hosts.get(settings.hostUid());
    var host = known != null ? known : new ServedHost(factory,
        o -> outbox.append(Report.newBuilder().setBmcObservation(o)), actions, pool, timer, clock, random, listener);
    if (host.serve(settings)) {
      LOG.info("BmcHost {} ({}): serving {} at config {}, polling every {} s", settings.host(), settings.hostUid(),
          settings.displayAddress(), settings.configVersion(), settings.pollInterval().toSeconds());
    }
    // listed (in heartbeats) only once it has settings; commands come one at a time, so no one else adds it
    hosts.putIfAbsent(settings.hostUid(), host);
  }

  private void release(ReleaseBmcHost release) {
    var host = hosts.remove(release.getHostUid());
    if (host == null) {
      LOG.info("BmcHost {}: ReleaseBmcHost for a host this agent does not serve; nothing to do",
          release.getHostUid());
      return;
    }
    host.release();
    LOG.info("BmcHost {} ({}): released ({})", host.settings().host(), release.getHostUid(), release.getReason());
  }

  private void act(BmcAction action) {
    var earlier = ledger.result(action.getHostUid(), action.getActionId());
    if (earlier.isPresent()) {
      LOG.info("BmcHost {}: action {} ran already; its result is reported again", action.getHostUid(),
          action.getActionId());
      report(earlier.get());
      return;
    }
    if (!ledger.claim(action.getHostUid(), action.getActionId())) {
      LOG.info("BmcHost {}: action {} is running already", action.getHostUid(), action.getActionId());
      return;
    }
    var host = hosts.get(action.getHostUid());
    if (host == null) {
      finish(actions.notServed(action));
      return;
    }
    LOG.info("BmcHost {}: action {} ({}) queued", host.settings().host(), action.getActionId(),
        action.getKindCase() == BmcAction.KindCase.POWER ? action.getPower() : "boot override");
    host.act(action, this::finish);
  }

  private void finish(BmcActionResult result) {
    ledger.finish(result);
    LOG.info("BmcHost {}: action {} {}{}", result.getHostUid(), result.getActionId(),
        result.getSucceeded() ? "succeeded" : "failed " + result.getErrorKind() + ": " + result.getMessage(),
        result.getPowerState().isEmpty() ? "" : ", power " + result.getPowerState());
    report(result);
  }

  private void report(BmcActionResult result) {
    outbox.append(Report.newBuilder().setBmcActionResult(result));
  }

  private static ScheduledThreadPoolExecutor pool(int threads) {
    var counter = new AtomicInteger();
    var pool = new ScheduledThreadPoolExecutor(threads, r -> {
      var thread = new Thread(r, "bmc-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    pool.setRemoveOnCancelPolicy(true);
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return pool;
  }

  /** Releases every host (logging out of each BMC) and stops the pool. */
  @Override
  public void close() {
    hosts.values().forEach(ServedHost::release);
    hosts.clear();
    if (owned != null) {
      owned.shutdown();
      try {
        owned.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      owned.shutdownNow();
    }
  }
}
