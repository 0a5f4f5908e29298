package dev.anvil.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** Prometheus figures of the Job reconciler: reconciles and their durations, errors, attempts, Jobs by outcome. */
public class JobMetrics {

  private final MeterRegistry registry;
  private final Timer reconcile;
  private final Counter errors;
  private final Counter attemptsStarted;

  public JobMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.reconcile = Timer.builder("anvil.reconcile").description("Duration of one reconcile")
        .tag("kind", "Job").publishPercentileHistogram().register(registry);
    this.errors = Counter.builder("anvil.reconcile.errors").description("Reconciles that threw")
        .tag("kind", "Job").register(registry);
    this.attemptsStarted = Counter.builder("anvil.job.attempts.started").description("Attempts started")
        .register(registry);
  }

  /** Exposes how many Events were dropped because the API could not keep up. */
  public void watchDroppedEvents(Supplier<Number> dropped) {
    Gauge.builder("anvil.events.dropped", dropped).description("Events dropped because the API could not keep up")
        .register(registry);
  }

  public void reconciled(Duration took) {
    reconcile.record(took);
  }

  public void reconcileFailed() {
    errors.increment();
  }

  public void attemptStarted() {
    attemptsStarted.increment();
  }

  /** Counts a Job that finished with {@code outcome} ("succeeded" or "failed"). */
  public void finished(String outcome) {
    Counter.builder("anvil.jobs.finished").description("Jobs that finished, by outcome").tag("outcome", outcome)
        .register(registry).increment();
  }
}
