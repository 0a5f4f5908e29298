package dev.anvil.operator.workflow.calls;

import dev.anvil.operator.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.crds.v1alpha1.CircuitBreakerPolicy;
import dev.anvil.crds.v1alpha1.CircuitBreakerState;
import dev.anvil.crds.v1alpha1.CircuitBreakerState.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitBreakersTest {

  private static final String HOOKS = "hooks.example.com:443";
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration TOOK = Duration.ofMillis(20);

  private final MutableClock clock = new MutableClock(START);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final CircuitBreakers breakers = new CircuitBreakers(clock, metrics);

  @Test
  void opensAfterThresholdFailuresInTheWindowAndRejectsWhileOpen() {
    var policy = policy(3, "1m", "30s");
    fail(HOOKS, policy, 2);
    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    fail(HOOKS, policy, 1);

    var permit = breakers.tryAcquire(HOOKS, policy);

    var openedAt = START.plusSeconds(10);
    assertThat(permit).isEqualTo(new Permit.Rejected(HOOKS, State.Open, openedAt.plusSeconds(30)));
    assertThat(((Permit.Rejected) permit).message())
        .isEqualTo("circuit breaker for hooks.example.com:443 is open until 2030-01-01T00:00:40Z");
    assertThat(breakers.notClosed(List.of(HOOKS))).usingRecursiveFieldByFieldElementComparator()
        .containsExactly(new CircuitBreakerState(HOOKS, State.Open, "2030-01-01T00:00:10Z"));
  }

  @Test
  void fewerFailuresThanTheThresholdKeepItClosed() {
    var policy = policy(3, "1m", "30s");
    fail(HOOKS, policy, 2);

    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Granted.class);
    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    var policy = policy(3, "10s", "30s");
    fail(HOOKS, policy, 2);
    clock.advance(Duration.ofSeconds(11));
    fail(HOOKS, policy, 2);
    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();

    fail(HOOKS, policy, 1);

    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Rejected.class);
  }

  @Test
  void aSuccessInTheWindowKeepsItClosedUntilTheSuccessAgesOut() {
    var policy = policy(3, "10s", "30s");
    succeed(HOOKS, policy);
    fail(HOOKS, policy, 5);
    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();

    clock.advance(Duration.ofSeconds(11));
    fail(HOOKS, policy, 3);

    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Rejected.class);
  }

  @Test
  void afterOpenForExactlyOneTrialIsLetThroughAndItsSuccessCloses() {
    var policy = policy(2, "1m", "30s");
    fail(HOOKS, policy, 2);
    clock.advance(Duration.ofSeconds(30));
    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Rejected.class);
    clock.advance(Duration.ofSeconds(1));

    var trial = breakers.tryAcquire(HOOKS, policy);
    var second = breakers.tryAcquire(HOOKS, policy);

    assertThat(trial).isInstanceOf(Permit.Granted.class);
    assertThat(second).isEqualTo(new Permit.Rejected(HOOKS, State.HalfOpen, null));
    assertThat(breakers.notClosed(List.of(HOOKS))).usingRecursiveFieldByFieldElementComparator()
        .containsExactly(new CircuitBreakerState(HOOKS, State.HalfOpen, "2030-01-01T00:00:31Z"));

    ((Permit.Granted) trial).success(TOOK);

    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();
    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Granted.class);
  }

  @Test
  void aFailedTrialOpensItAgainForOpenFor() {
    var policy = policy(2, "1m", "30s");
    fail(HOOKS, policy, 2);
    clock.advance(Duration.ofSeconds(31));

    failWith(breakers.tryAcquire(HOOKS, policy));

    assertThat(breakers.tryAcquire(HOOKS, policy))
        .isEqualTo(new Permit.Rejected(HOOKS, State.Open, START.plusSeconds(61)));
    clock.advance(Duration.ofSeconds(31));
    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Granted.class);
  }

  @Test
  void aReleasedTrialLetsTheNextCallTry() {
    var policy = policy(1, "1m", "5s");
    fail(HOOKS, policy, 1);
    clock.advance(Duration.ofSeconds(6));

    ((Permit.Granted) breakers.tryAcquire(HOOKS, policy)).release();

    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Granted.class);
  }

  @Test
  void onlyTheFirstReportOfAPermitCounts() {
    var policy = policy(2, "1m", "30s");
    var permit = (Permit.Granted) breakers.tryAcquire(HOOKS, policy);
    permit.failure(TOOK);
    permit.failure(TOOK);
    permit.success(TOOK);

    assertThat(breakers.tryAcquire(HOOKS, policy)).isInstanceOf(Permit.Granted.class);
    assertThat(calls(HOOKS, "failure")).isEqualTo(1);
    assertThat(calls(HOOKS, "success")).isZero();
  }

  @Test
  void targetsHaveIndependentBreakers() {
    var policy = policy(1, "1m", "30s");
    fail(HOOKS, policy, 1);

    assertThat(breakers.tryAcquire("bmchost/lab/node-1", policy)).isInstanceOf(Permit.Granted.class);
    assertThat(breakers.notClosed(List.of("bmchost/lab/node-1", HOOKS, "never-used:80", HOOKS)))
        .extracting(CircuitBreakerState::getTarget).containsExactly(HOOKS);
  }

  @Test
  void metricsShowStateAndCallsByOutcome() {
    var policy = policy(2, "1m", "30s");
    succeed(HOOKS, policy);
    clock.advance(Duration.ofMinutes(2));
    fail(HOOKS, policy, 2);
    assertThat(state(HOOKS)).isEqualTo(1);
    breakers.tryAcquire(HOOKS, policy);
    breakers.tryAcquire(HOOKS, policy);

    clock.advance(Duration.ofSeconds(31));
    var trial = (Permit.Granted) breakers.tryAcquire(HOOKS, policy);
    assertThat(state(HOOKS)).isEqualTo(2);
    trial.success(TOOK);

    assertThat(state(HOOKS)).isZero();
    assertThat(calls(HOOKS, "success")).isEqualTo(2);
    assertThat(calls(HOOKS, "failure")).isEqualTo(2);
    assertThat(calls(HOOKS, "rejected")).isEqualTo(2);
  }

  @Test
  void aDifferentPolicyWaitsWhileTheBreakerHasFailuresInItsWindow() {
    var lenient = policy(5, "1m", "30s");
    var strict = policy(1, "1m", "30s");
    fail(HOOKS, lenient, 1);

    // the strict policy would open at once; the lenient breaker keeps its one failure instead
    fail(HOOKS, strict, 1);
    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();

    // once those failures are out of the window the strict policy takes over, with no history
    clock.advance(Duration.ofSeconds(61));
    fail(HOOKS, strict, 1);
    assertThat(breakers.tryAcquire(HOOKS, strict)).isInstanceOf(Permit.Rejected.class);
  }

  @Test
  void aDifferentPolicyReplacesAnIdleBreaker() {
    var lenient = policy(5, "1m", "30s");
    var strict = policy(1, "1m", "30s");
    succeed(HOOKS, lenient);

    fail(HOOKS, strict, 1);

    assertThat(breakers.tryAcquire(HOOKS, strict)).isInstanceOf(Permit.Rejected.class);
    // the open breaker keeps its policy: the lenient one cannot close it
    assertThat(breakers.tryAcquire(HOOKS, lenient)).isInstanceOf(Permit.Rejected.class);
  }

  @Test
  void missingPolicyFieldsTakeTheDefaults() {
    for (int i = 0; i < 4; i++) {
      failWith(breakers.tryAcquire(HOOKS, null));
    }
    assertThat(breakers.notClosed(List.of(HOOKS))).isEmpty();
    failWith(breakers.tryAcquire(HOOKS, new CircuitBreakerPolicy()));
    assertThat(breakers.notClosed(List.of(HOOKS))).hasSize(1);

    assertThat(breakers.tryAcquire(HOOKS, null))
        .isEqualTo(new Permit.Rejected(HOOKS, State.Open, START.plusSeconds(30)));
  }

  @Test
  void malformedPoliciesAreRefusedWithAMessage() {
    assertThatThrownBy(() -> breakers.tryAcquire(HOOKS, policy(0, "1m", "30s"))).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> breakers.tryAcquire(HOOKS, policy(1, "2h", "30s"))).hasMessageContaining("at most 1h");
    assertThatThrownBy(() -> breakers.tryAcquire(HOOKS, policy(1, "1m", "0s"))).hasMessageContaining("openFor");
    assertThatThrownBy(() -> breakers.tryAcquire(HOOKS, policy(1, "soon", "30s"))).hasMessageContaining("'soon'");
  }

  @ParameterizedTest
  @CsvSource({
      "https://Hooks.Example.com/run?x=1, hooks.example.com:443",
      "http://hooks.example.com/run, hooks.example.com:80",
      "https://hooks.example.com:8443/, hooks.example.com:8443",
      "http://[::1]:9000/, [::1]:9000",
  })
  void targetOfAUrlIsHostAndPort(String url, String target) {
    assertThat(CircuitBreakers.targetOf(URI.create(url))).isEqualTo(target);
  }

  @Test
  void targetOfRefusesUrlsWithoutHttpSchemeOrHost() {
    assertThatThrownBy(() -> CircuitBreakers.targetOf(URI.create("/relative"))).hasMessageContaining("http://");
    assertThatThrownBy(() -> CircuitBreakers.targetOf(URI.create("http:///nohost"))).hasMessageContaining("host");
  }

  private void fail(String target, CircuitBreakerPolicy policy, int times) {
    for (int i = 0; i < times; i++) {
      failWith(breakers.tryAcquire(target, policy));
    }
  }

  private static void failWith(Permit permit) {
    assertThat(permit).isInstanceOf(Permit.Granted.class);
    ((Permit.Granted) permit).failure(TOOK);
  }

  private void succeed(String target, CircuitBreakerPolicy policy) {
    var permit = breakers.tryAcquire(target, policy);
    assertThat(permit).isInstanceOf(Permit.Granted.class);
    ((Permit.Granted) permit).success(TOOK);
  }

  private double state(String target) {
    return metrics.get("anvil.circuit.breaker.state").tag("target", target).gauge().value();
  }

  private double calls(String target, String outcome) {
    return metrics.get("anvil.circuit.breaker.calls").tag("target", target).tag("outcome", outcome).counter().count();
  }

  private static CircuitBreakerPolicy policy(int failureThreshold, String window, String openFor) {
    var policy = new CircuitBreakerPolicy();
    policy.setFailureThreshold(failureThreshold);
    policy.setWindow(window);
    policy.setOpenFor(openFor);
    return policy;
  }
}
