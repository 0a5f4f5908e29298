package dev.anvil.crds.v1alpha1;

/** Observed power state of a server, as Redfish's PowerState. */
public enum PowerState {
  On,
  Off,
  PoweringOn,
  PoweringOff,
  Paused,
  /** The BMC did not answer or did not report it. */
  Unknown
}
