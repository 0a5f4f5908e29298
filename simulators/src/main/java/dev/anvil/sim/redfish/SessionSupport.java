package dev.anvil.sim.redfish;

/** How the simulated BMC offers Redfish sessions; HTTP Basic works in every case. */
public enum SessionSupport {
  /** A SessionService that logs in by POST, as the standard asks. */
  ENABLED,
  /** The SessionService is linked but its Sessions collection refuses logins with 405. */
  REFUSED,
  /** No SessionService at all: the service root links none and its paths answer 404. */
  ABSENT
}
