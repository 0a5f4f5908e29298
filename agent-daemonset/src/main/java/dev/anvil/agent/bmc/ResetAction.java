package dev.anvil.agent.bmc;

/**
 * A power action, named as Redfish's {@code ResetType} values so they map by name; IPMI maps each to a chassis
 * control (On/ForceOn: power up, ForceOff: power down, GracefulShutdown: soft off, ForceRestart: hard reset,
 * PowerCycle: power cycle, Nmi: diagnostic interrupt) and has no GracefulRestart nor PushPowerButton.
 */
public enum ResetAction {
  On,
  ForceOn,
  ForceOff,
  GracefulShutdown,
  GracefulRestart,
  ForceRestart,
  PowerCycle,
  Nmi,
  PushPowerButton
}
