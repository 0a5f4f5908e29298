package dev.anvil.operator.bmc;

import static dev.anvil.crds.v1alpha1.BmcHostStatus.CREDENTIALS_VALID;
import static dev.anvil.crds.v1alpha1.BmcHostStatus.REACHABLE;
import static dev.anvil.operator.status.Conditions.FALSE;
import static dev.anvil.operator.status.Conditions.TRUE;
import static dev.anvil.operator.status.Conditions.UNKNOWN;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.agent.v1.BmcObservation;
import java.time.Duration;
import java.time.Instant;

/**
 * Sets Reachable and CredentialsValid from the serving agent's latest observation, with reasons a person can act on,
 * and copies a successful poll into the status (lastPollTime refreshed at most once a minute).
 */
final class ReachabilityConditions {

  /** How often a credentials problem makes the hub read the Secret again and the agent try one login. */
  static final Duration CREDENTIALS_RETRY = Duration.ofMinutes(2);
  private static final Duration POLL_TIME_REFRESH = Duration.ofMinutes(1);

  private ReachabilityConditions() {
  }

  /** No agent can serve the host. */
  static void noAgent(BmcHost host, String why, Instant now) {
    var status = host.getStatus();
    set(host, REACHABLE, UNKNOWN, "NoAgent", why + "; the BMC is not polled until an agent of datacenter "
        + host.getSpec().getDatacenter() + " with the bmc feature connects", now);
    set(host, CREDENTIALS_VALID, UNKNOWN, "NoAgent", "not tried: no agent serves the host", now);
    status.setAgent(null);
  }

  /** The serving agent has not reported a poll with the current settings yet. */
  static void waitingForPoll(BmcHost host, String agent, Instant now) {
    set(host, REACHABLE, UNKNOWN, "WaitingForPoll", "waiting for agent " + agent + " to poll the BMC", now);
    if (Conditions.find(host.getStatus().getConditions(), CREDENTIALS_VALID) == null
        || !FALSE.equals(Conditions.find(host.getStatus().getConditions(), CREDENTIALS_VALID).getStatus())) {
      set(host, CREDENTIALS_VALID, UNKNOWN, "WaitingForPoll", "not tried with the current settings yet", now);
    }
  }

  /** Applies a current observation. Returns true when the poll succeeded (status fields are then fresh). */
  static boolean observed(BmcHost host, BmcObservation seen, Instant now) {
    var status = host.getStatus();
    var secret = host.getSpec().getCredentialsSecretRef().getName();
    var detail = seen.getErrorMessage().isEmpty() ? seen.getErrorKind() : seen.getErrorMessage();
    switch (seen.getErrorKind()) {
      case "" -> {
        ObservationMapping.apply(seen, status);
        set(host, REACHABLE, TRUE, "Polled", "the BMC answered over " + seen.getProtocol(), now);
        set(host, CREDENTIALS_VALID, TRUE, "Accepted", "the BMC accepted the credentials from Secret " + secret, now);
        refreshPollTime(host, seen, now);
        return true;
      }
      case "AUTH_FAILED" -> {
        set(host, REACHABLE, TRUE, "Polled", "the BMC answers, but refused the login", now);
        set(host, CREDENTIALS_VALID, FALSE, "Rejected", "the BMC rejected the username and password from Secret "
            + secret + " (" + detail + "); fix the Secret: one login is tried every "
            + CREDENTIALS_RETRY.toMinutes() + " minutes to spare the BMC account a lockout", now);
      }
      case "CREDENTIALS_UNAVAILABLE" -> {
        set(host, REACHABLE, UNKNOWN, "NotTried", "not polled: the credentials could not be read", now);
        set(host, CREDENTIALS_VALID, FALSE, "SecretUnavailable", detail, now);
      }
      case "UNREACHABLE" -> set(host, REACHABLE, FALSE, "Unreachable", detail, now);
      case "TLS" -> set(host, REACHABLE, FALSE, "TlsVerificationFailed", detail + "; set spec.tls.caSecretRef to the "
          + "CA that signed the BMC's certificate (or, for a lab BMC, spec.tls.insecureSkipVerify)", now);
      case "UNSUPPORTED" -> set(host, REACHABLE, FALSE, "Unsupported", detail, now);
      case "PROTOCOL" -> set(host, REACHABLE, FALSE, "ProtocolError", detail, now);
      default -> set(host, REACHABLE, FALSE, "BmcError", detail, now);
    }
    return false;
  }

  private static void refreshPollTime(BmcHost host, BmcObservation seen, Instant now) {
    var status = host.getStatus();
    var observed = seen.hasObservedTime()
        ? Instant.ofEpochSecond(seen.getObservedTime().getSeconds()).toString() : now.toString();
    var last = status.getLastPollTime();
    if (last == null || !Instant.parse(last).plus(POLL_TIME_REFRESH).isAfter(Instant.parse(observed))) {
      status.setLastPollTime(observed);
    }
  }

  private static void set(BmcHost host, String type, String status, String reason, String message, Instant now) {
    Conditions.set(host.getStatus().getConditions(), type, status, reason, message,
        host.getMetadata().getGeneration(), now);
  }
}
