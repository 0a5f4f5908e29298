package dev.anvil.operator.workflow.calls;

import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.crds.v1alpha1.CircuitBreakerState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's circuit breakers, one per external target (an http node's {@code host:port}, or a BmcHost), shared
 * by every Workflow; built on Resilience4j with the policy mapping described on {@link BreakerSettings}.
 *
 * <p>A target keeps the policy it was first used with while that policy is doing work: a call with a different
 * policy replaces the breaker (with a fresh history) only when it is closed and has no failure in its window, so
 * there is nothing to lose. Replacing it on every difference would let two Workflows with different policies reset
 * each other's failures on each call, and the breaker would never open; never replacing it would ignore an edited
 * policy until the operator restarts.
 *
 * <p>Time comes from the given clock; an open breaker turns half-open when a call is next tried after
 * {@code openFor}, not by a timer. Metrics: {@code anvil_circuit_breaker_state{target}} (0 closed, 1 open,
 * 2 half-open) and {@code anvil_circuit_breaker_calls_total{target,outcome}} with outcome success, failure or
 * rejected. Thread-safe. Breakers live as long as this object; there is one per distinct target.
 */
public final class CircuitBreakers {

  private final Clock clock;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Target> targets = new ConcurrentHashMap<>();

  public CircuitBreakers(Clock clock, MeterRegistry registry) {
    this.clock = clock;
    this.registry = registry;
  }

  /**
   * The breaker name of an http URL: {@code host:port} in lower case, the port defaulting to 80 for http and 443 for
   * https. Throws IllegalArgumentException (without echoing the URL, which may hold secrets) when it is not an
   * absolute http(s) URL with a host.
   */
  public static String targetOf(URI url) {
    var scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("the URL must start with http:// or https://");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("the URL has no valid host name");
    }
    int port = url.getPort() != -1 ? url.getPort() : scheme.equals("https") ? 443 : 80;
    return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /**
   * Asks the breaker of {@code target}, created on first use with {@code policy} (null: all defaults), whether a call
   * may be made now. Throws IllegalArgumentException with a message for people when the policy is malformed.
   */
  public Permit tryAcquire(String target, CircuitBreakerPolicy policy) {
    var settings = BreakerSettings.of(policy);
    var entry = targets.computeIfAbsent(target, this::newTarget);
    var current = entry.breakerFor(settings);
    var breaker = current.breaker();
    if (breaker.tryAcquirePermission()) {
      return new Permit.Granted(breaker, entry.successes, entry.failures);
    }
    entry.rejections.increment();
    var state = stateOf(breaker);
    var openUntil = state == CircuitBreakerState.State.Open ? current.since().plus(current.settings().openFor()) : null;
    return new Permit.Rejected(target, state, openUntil);
  }

  /** The breakers among {@code targets} that are not closed, in the given order, for a Workflow's status. */
  public List<CircuitBreakerState> notClosed(Collection<String> targets) {
    var states = new ArrayList<CircuitBreakerState>();
    for (var name : new LinkedHashSet<>(targets)) {
      var entry = this.targets.get(name);
      if (entry == null) {
        continue;
      }
      var current = entry.current;
      var state = stateOf(current.breaker());
      if (state != CircuitBreakerState.State.Closed) {
        states.add(new CircuitBreakerState(name, state, current.since().truncatedTo(ChronoUnit.SECONDS).toString()));
      }
    }
    return states;
  }

  private Target newTarget(String name) {
    var entry = new Target(name, registry);
    Gauge.builder("anvil.circuit.breaker.state", entry, t -> switch (stateOf(t.current.breaker())) {
          case Closed -> 0;
          case Open -> 1;
          case HalfOpen -> 2;
        })
        .description("Circuit breaker state: 0 closed, 1 open, 2 half-open")
        .tag("target", name)
        .register(registry);
    return entry;
  }

  private static CircuitBreakerState.State stateOf(CircuitBreaker breaker) {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> CircuitBreakerState.State.Open;
      case HALF_OPEN -> CircuitBreakerState.State.HalfOpen;
      default -> CircuitBreakerState.State.Closed;
    };
  }

  /** One Resilience4j breaker with the settings it was built with and when it entered its current state. */
  private record Tracked(BreakerSettings settings, CircuitBreaker breaker, AtomicReference<Instant> entered) {

    Instant since() {
      return entered.get();
    }
  }

  /** A target's current breaker and its call counters, which outlive breaker replacements. */
  private final class Target {

    private final String name;
    private final Counter successes;
    private final Counter failures;
    private final Counter rejections;
    private volatile Tracked current;

    Target(String name, MeterRegistry registry) {
      this.name = name;
      this.successes = calls(registry, name, "success");
      this.failures = calls(registry, name, "failure");
      this.rejections = calls(registry, name, "rejected");
    }

    synchronized Tracked breakerFor(BreakerSettings settings) {
      if (current == null || !current.settings().equals(settings) && idle(current.breaker())) {
        current = build(settings);
      }
      return current;
    }

    private Tracked build(BreakerSettings settings) {
      var breaker = CircuitBreaker.of(name, settings.config(clock));
      var entered = new AtomicReference<>(clock.instant());
      // transitions happen on the calling thread, inside tryAcquirePermission / onError / onSuccess
      breaker.getEventPublisher().onStateTransition(event -> entered.set(clock.instant()));
      return new Tracked(settings, breaker, entered);
    }

    private static boolean idle(CircuitBreaker breaker) {
      return breaker.getState() == CircuitBreaker.State.CLOSED && breaker.getMetrics().getNumberOfFailedCalls() == 0;
    }

    private static Counter calls(MeterRegistry registry, String target, String outcome) {
      return Counter.builder("anvil.circuit.breaker.calls")
          .description("Calls through a circuit breaker, by outcome")
          .tag("target", target)
          .tag("outcome", outcome)
          .register(registry);
    }
  }
}
