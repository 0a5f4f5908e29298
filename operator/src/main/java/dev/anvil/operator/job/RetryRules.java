package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Backoff;
import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.FailureReason;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import java.time.Duration;
import java.util.List;

/** Decides whether a failed attempt is retried and how long to wait first: exponential backoff with a cap. */
public final class RetryRules {

  static final Duration DEFAULT_INITIAL = Duration.ofSeconds(10);
  static final double DEFAULT_FACTOR = 2.0;
  static final Duration DEFAULT_MAX = Duration.ofMinutes(5);
  static final List<String> DEFAULT_ON = List.of(FailureReason.Failed.name(), FailureReason.PodDeleted.name(),
      FailureReason.Evicted.name(), FailureReason.AgentLost.name());

  private final RetryPolicy policy;

  public RetryRules(RetryPolicy policy) {
    this.policy = policy;
  }

  public int limit() {
    return policy == null || policy.getLimit() == null ? 0 : policy.getLimit();
  }

  /** Whether this failed attempt's reason and exit code are of the kind the policy retries. */
  public boolean retriesKindOf(Attempt failed) {
    var on = policy == null || policy.getReasons() == null ? DEFAULT_ON : policy.getReasons();
    if (!on.contains(failed.getReason())) {
      return false;
    }
    var rule = policy == null ? null : policy.getExitCodes();
    if (rule == null || !FailureReason.Failed.name().equals(failed.getReason()) || failed.getExitCode() == null) {
      return true;
    }
    boolean listed = rule.getValues().contains(failed.getExitCode());
    return "In".equals(rule.getOperator()) == listed;
  }

  /**
   * Delay before retry number {@code retry}, randomised by the policy's jitter. The randomness is drawn from
   * {@code seed} (e.g. the uid and attempt), so every reconcile, before or after a restart, computes the same delay.
   */
  public Duration backoff(int retry, String seed) {
    var plain = backoff(retry);
    Backoff b = policy == null ? null : policy.getBackoff();
    double jitter = b == null || b.getJitter() == null ? 0 : b.getJitter();
    if (jitter == 0) {
      return plain;
    }
    double draw = new java.util.SplittableRandom(seed.hashCode() * 31L + retry).nextDouble(); // 0..1
    return Duration.ofMillis(Math.round(plain.toMillis() * (1 + jitter * (2 * draw - 1))));
  }

  /** Delay before retry number {@code retry} (1 for the first retry), without jitter. */
  public Duration backoff(int retry) {
    Backoff b = policy == null ? null : policy.getBackoff();
    var initial = Durations.parseOr(b == null ? null : b.getInitial(), DEFAULT_INITIAL);
    var factor = b == null || b.getFactor() == null ? DEFAULT_FACTOR : b.getFactor();
    var max = Durations.parseOr(b == null ? null : b.getMax(), DEFAULT_MAX);
    double millis = initial.toMillis() * Math.pow(factor, Math.max(0, retry - 1));
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }
}
