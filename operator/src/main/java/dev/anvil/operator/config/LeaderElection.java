package dev.anvil.operator.config;

import java.time.Duration;

/**
 * Leader election through a Lease, so that only one replica reconciles.
 *
 * @param leaseNamespace namespace of the Lease (the operator's own)
 * @param leaseName name of the Lease
 * @param leaseDuration how long the Lease holds without renewal; a standby replica takes over after it
 * @param exitWhenLost whether a replica that loses the Lease exits (so its Pod restarts as a standby) instead of
 *     stopping its reconcilers in-process; true in the operator image, false for in-process use
 */
public record LeaderElection(String leaseNamespace, String leaseName, Duration leaseDuration, boolean exitWhenLost) {

  /** Lease duration of the Kubernetes leader-election defaults. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);

  public LeaderElection {
    if (leaseNamespace == null || leaseNamespace.isBlank()) {
      throw new IllegalArgumentException("leader election needs ANVIL_LEASE_NAMESPACE (or POD_NAMESPACE)");
    }
    if (leaseDuration.toMillis() < 1_000) {
      throw new IllegalArgumentException("ANVIL_LEASE_DURATION must be at least 1s, was " + leaseDuration);
    }
  }

  /** How long the leader keeps retrying a renewal before it gives the Lease up: two thirds of its duration. */
  public Duration renewDeadline() {
    return leaseDuration.multipliedBy(2).dividedBy(3);
  }

  /** How often a standby tries to take the Lease. */
  public Duration retryPeriod() {
    return leaseDuration.dividedBy(5);
  }
}
