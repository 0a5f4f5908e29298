package dev.anvil.operator.bmc;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials epoch of each BmcHost: raised at most every {@link ReachabilityConditions#CREDENTIALS_RETRY}
 * while the BMC rejects the login, so the hub reads the (perhaps fixed) Secret again and the agent tries one login.
 * Kept in memory: after an operator restart the epoch starts over, which costs one extra login.
 */
final class CredentialRetries {

  private record Epoch(int value, Instant since) {
  }

  private final Map<String, Epoch> epochs = new ConcurrentHashMap<>();
  private final Duration retry;

  CredentialRetries(Duration retry) {
    this.retry = retry;
  }

  /** The epoch to use now; {@code rejected}: the latest observation with the current settings is AUTH_FAILED. */
  int epoch(String hostUid, boolean rejected, Instant now) {
    if (!rejected) {
      var kept = epochs.get(hostUid);
      return kept == null ? 0 : kept.value();
    }
    return epochs.compute(hostUid, (uid, epoch) -> {
      if (epoch == null) {
        return new Epoch(0, now);
      }
      return epoch.since().plus(retry).isAfter(now) ? epoch : new Epoch(epoch.value() + 1, now);
    }).value();
  }
}
