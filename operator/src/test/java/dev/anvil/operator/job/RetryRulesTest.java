package dev.anvil.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Backoff;
import dev.anvil.crds.v1alpha1.ExitCodeRule;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryRulesTest {

  private static Attempt failed(String reason, Integer exitCode) {
    var a = new Attempt(1, "2026-01-01T00:00:00Z");
    a.setReason(reason);
    a.setExitCode(exitCode);
    return a;
  }

  @Test
  void backoffGrowsByTheFactorAndStopsAtTheCap() {
    var policy = new RetryPolicy();
    var backoff = new Backoff();
    backoff.setInitial("10s");
    backoff.setFactor(3.0);
    backoff.setMax("1m");
    policy.setBackoff(backoff);
    var rules = new RetryRules(policy);
    assertThat(rules.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(rules.backoff(2)).isEqualTo(Duration.ofSeconds(30));
    assertThat(rules.backoff(3)).isEqualTo(Duration.ofMinutes(1));
    assertThat(rules.backoff(60)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void jitterSpreadsDelaysWithinItsFractionAndRepeatsForTheSameSeed() {
    var policy = new RetryPolicy();
    var backoff = new Backoff();
    backoff.setInitial("10s");
    backoff.setJitter(0.2);
    policy.setBackoff(backoff);
    var rules = new RetryRules(policy);
    var delays = new java.util.HashSet<Duration>();
    for (int i = 0; i < 50; i++) {
      var delay = rules.backoff(1, "uid-" + i);
      assertThat(delay).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
      assertThat(rules.backoff(1, "uid-" + i)).isEqualTo(delay);
      delays.add(delay);
    }
    assertThat(delays).hasSizeGreaterThan(10);
    assertThat(new RetryRules(null).backoff(1, "x")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void withoutAPolicyNothingIsRetriedAndDefaultsApply() {
    var rules = new RetryRules(null);
    assertThat(rules.limit()).isZero();
    assertThat(rules.backoff(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(rules.backoff(2)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void deadlinesAreRetriedOnlyWhenListed() {
    assertThat(new RetryRules(new RetryPolicy()).retriesKindOf(failed("DeadlineExceeded", null))).isFalse();
    assertThat(new RetryRules(new RetryPolicy()).retriesKindOf(failed("Evicted", null))).isTrue();
    var policy = new RetryPolicy();
    policy.setReasons(List.of("DeadlineExceeded"));
    assertThat(new RetryRules(policy).retriesKindOf(failed("DeadlineExceeded", null))).isTrue();
    assertThat(new RetryRules(policy).retriesKindOf(failed("Failed", 1))).isFalse();
  }

  @Test
  void exitCodeRulesSelectWhichFailuresRetry() {
    var policy = new RetryPolicy();
    var rule = new ExitCodeRule();
    rule.setOperator("In");
    rule.setValues(List.of(75));
    policy.setExitCodes(rule);
    assertThat(new RetryRules(policy).retriesKindOf(failed("Failed", 75))).isTrue();
    assertThat(new RetryRules(policy).retriesKindOf(failed("Failed", 1))).isFalse();
    assertThat(new RetryRules(policy).retriesKindOf(failed("Evicted", null))).isTrue();
    rule.setOperator("NotIn");
    assertThat(new RetryRules(policy).retriesKindOf(failed("Failed", 75))).isFalse();
    assertThat(new RetryRules(policy).retriesKindOf(failed("Failed", 1))).isTrue();
  }
}
