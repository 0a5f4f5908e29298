package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BmcHost this agent serves: its settings, its client (opened on first use, reopened when the settings change),
 * and its polls and actions, which run one at a time on the host's {@link SerialExecutor}. Only the serial tasks
 * touch the client, the schedule and the gate.
 */
final class ServedHost {

  private static final Logger LOG = LoggerFactory.getLogger(ServedHost.class);

  private final BmcClientFactory factory;
  private final Consumer<BmcObservation> reporter;
  private final ActionRunner actions;
  private final SerialExecutor serial;
  private final PollTimer timer;
  private final Clock clock;
  private final DoubleSupplier random;
  private final PollListener listener;
  private final ObservationGate gate = new ObservationGate();
  private volatile HostSettings settings;
  private volatile boolean released;
  private Future<?> nextPoll;
  // serial state
  private BmcClient client;
  private HostSettings clientSettings;
  private BmcProtocol clientProtocol;
  private PollSchedule schedule;
  private long generation;

  ServedHost(BmcClientFactory factory, Consumer<BmcObservation> reporter, ActionRunner actions, Executor pool,
      PollTimer timer, Clock clock, DoubleSupplier random, PollListener listener) {
    this.factory = factory;
    this.reporter = reporter;
    this.actions = actions;
    this.serial = new SerialExecutor(pool);
    this.timer = timer;
    this.clock = clock;
    this.random = random;
    this.listener = listener;
  }

  /** The settings in force (the latest ServeBmcHost's). */
  HostSettings settings() {
    return settings;
  }

  /**
   * Serves the host with {@code next}: at a new config_version the backoff ends, the client is reopened with the
   * new settings and a poll runs at once (after what is queued); the same config_version again changes nothing.
   *
   * @return whether the settings changed
   */
  boolean serve(HostSettings next) {
    var current = settings;
    if (current != null && current.configVersion().equals(next.configVersion())) {
      return false;
    }
    settings = next;
    serial.execute(this::restart);
    return true;
  }

  /** Runs {@code action} after what is queued for the host and hands its result to {@code done}. */
  void act(BmcAction action, Consumer<BmcActionResult> done) {
    serial.execute(() -> done.accept(released ? actions.notServed(action) : run(action)));
  }

  private BmcActionResult run(BmcAction action) {
    try {
      return actions.run(action, this::client);
    } catch (RuntimeException e) {
      var failure = unexpected(e);
      return actions.failed(action, failure.kind().name(), failure.getMessage());
    }
  }

  /** Stops polling and logs out; actions still queued end NOT_SERVED. */
  void release() {
    released = true;
    cancelNextPoll();
    listener.released(settings.host());
    serial.execute(this::closeClient);
  }

  private void restart() {
    // the previous poll chain ends here: its scheduled poll is cancelled, and one already queued sees a new generation
    cancelNextPoll();
    schedule = new PollSchedule(settings.pollInterval(), random);
    poll(++generation);
  }

  private void poll(long chain) {
    if (released || chain != generation) {
      return;
    }
    var polled = settings;
    var started = System.nanoTime();
    BmcObservation observation;
    Duration delay;
    try {
      var snapshot = client().read();
      observation = ObservationMapper.observed(polled, clientProtocol, snapshot, clock.instant());
      delay = schedule.afterSuccess();
    } catch (BmcException e) {
      observation = ObservationMapper.failed(polled, e, clock.instant());
      delay = schedule.afterFailure(e.kind());
    } catch (RuntimeException e) {
      var failure = unexpected(e);
      observation = ObservationMapper.failed(polled, failure, clock.instant());
      delay = schedule.afterFailure(failure.kind());
    }
    listener.polled(polled.host(), observation, Duration.ofNanos(System.nanoTime() - started));
    if (!released && gate.admit(observation, clock.instant())) {
      if (!observation.getErrorKind().isEmpty()) {
        LOG.warn("BmcHost {}: poll failed ({}: {}); next poll in {} s", polled.host(), observation.getErrorKind(),
            observation.getErrorMessage(), delay.toSeconds());
      }
      try {
        reporter.accept(observation);
      } catch (RuntimeException e) {
        LOG.warn("BmcHost {}: the observation could not be spooled: {}", polled.host(), e.toString());
      }
    }
    synchronized (this) {
      if (!released && chain == generation) {
        nextPoll = timer.schedule(delay, () -> serial.execute(() -> poll(chain)));
      }
    }
  }

  /** A client bug (a runtime exception), reported as a PROTOCOL failure and logged with its stack trace. */
  private BmcException unexpected(RuntimeException e) {
    var current = settings;
    LOG.warn("BmcHost {}: the BMC client of {} failed", current.host(), current.displayAddress(), e);
    return new BmcException(BmcException.Kind.PROTOCOL, "the BMC client failed: " + e.getClass().getName());
  }

  private BmcClient client() throws BmcException {
    var current = settings;
    if (client != null && clientSettings != current) {
      closeClient();
    }
    if (client == null) {
      var endpoint = current.endpoint();
      client = factory.open(endpoint);
      clientSettings = current;
      clientProtocol = endpoint.protocol();
    }
    return client;
  }

  private void closeClient() {
    if (client != null) {
      client.close();
      client = null;
      clientSettings = null;
    }
  }

  private synchronized void cancelNextPoll() {
    if (nextPoll != null) {
      nextPoll.cancel(false);
      nextPoll = null;
    }
  }
}
