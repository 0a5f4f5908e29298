package dev.anvil.crds.v1alpha1;

/**
 * A one-shot power action on a server, named after Redfish's ResetType; the agent maps each to IPMI chassis control.
 */
public enum PowerAction {
  /** Turn on (no-op when on). IPMI: power up. */
  On,
  /** Turn on immediately. IPMI: power up. */
  ForceOn,
  /** Cut power immediately. IPMI: power down. */
  ForceOff,
  /** Ask the OS to shut down (ACPI). IPMI: soft off. */
  GracefulShutdown,
  /** Ask the OS to restart. IPMI: not available; fails with a clear reason. */
  GracefulRestart,
  /** Reset immediately. IPMI: hard reset. */
  ForceRestart,
  /** Power off, then on. IPMI: power cycle. */
  PowerCycle,
  /** Send a non-maskable interrupt (crash dump). IPMI: diagnostic interrupt. */
  Nmi,
  /** Press the power button. Redfish only. */
  PushPowerButton
}
