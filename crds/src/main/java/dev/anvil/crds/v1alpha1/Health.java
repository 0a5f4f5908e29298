package dev.anvil.crds.v1alpha1;

/** Health rollup of a server or sensor, as Redfish's Status.Health. */
public enum Health {
  OK,
  Warning,
  Critical
}
