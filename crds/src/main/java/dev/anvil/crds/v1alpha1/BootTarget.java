package dev.anvil.crds.v1alpha1;

/** Boot source of a boot override, named after Redfish's BootSourceOverrideTarget. */
public enum BootTarget {
  /** No override: boot by the BIOS boot order. */
  None,
  /** Network boot (PXE). */
  Pxe,
  /** Local disk. */
  Hdd,
  /** Optical or virtual media. */
  Cd,
  /** Stop in the BIOS/UEFI setup utility. */
  BiosSetup,
  /** UEFI shell. */
  UefiShell,
  /** UEFI HTTP boot. Redfish only. */
  UefiHttp
}
