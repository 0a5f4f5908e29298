package dev.anvil.sim.redfish;

/** The DMTF mockups the simulator ships (BSD-3, see {@code redfish-mockups/LICENSE-DMTF.md}). */
public enum Mockup {
  /** One 1U rack server: one system, one chassis with a {@code Sensors} collection, one BMC. */
  PUBLIC_RACKMOUNT1("public-rackmount1"),
  /** A blade enclosure: four systems and blades with only the older {@code Thermal}, five managers. */
  PUBLIC_BLADED("public-bladed");

  private final String directory;

  Mockup(String directory) {
    this.directory = directory;
  }

  String directory() {
    return directory;
  }
}
