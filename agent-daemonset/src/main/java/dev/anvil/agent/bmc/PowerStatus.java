package dev.anvil.agent.bmc;

/** Observed power state, named as Redfish's {@code PowerState}. */
public enum PowerStatus {
  On,
  Off,
  PoweringOn,
  PoweringOff,
  Paused,
  Unknown
}
