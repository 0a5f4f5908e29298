package dev.anvil.agent.bmc;

import java.util.Objects;

/**
 * A boot override, named as Redfish's {@code Boot} properties.
 *
 * @param target {@code BootSourceOverrideTarget}
 * @param persistence {@code BootSourceOverrideEnabled}
 * @param mode {@code BootSourceOverrideMode}, or null to keep the server's
 */
public record BootSettings(Target target, Persistence persistence, Mode mode) {

  /** Boot device. */
  public enum Target {
    None,
    Pxe,
    Hdd,
    Cd,
    BiosSetup,
    UefiShell,
    UefiHttp
  }

  /** How long the override lasts. */
  public enum Persistence {
    Once,
    Continuous,
    Disabled
  }

  /** Firmware boot mode. */
  public enum Mode {
    UEFI,
    Legacy
  }

  public BootSettings {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(persistence, "persistence");
  }
}
