package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Which device the server boots from next, for how long, and in which firmware mode. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BootOverride {

  /** How long a boot override lasts. */
  public enum Enabled {
    /** For the next boot only; the BMC clears it afterwards. */
    Once,
    /** For every boot until changed. */
    Continuous,
    /** Clear the override. */
    Disabled
  }

  /** Firmware boot mode. */
  public enum Mode {
    UEFI,
    Legacy
  }

  @JsonPropertyDescription("Boot device: Pxe, Hdd, Cd, BiosSetup, UefiShell, UefiHttp (Redfish only) or None. "
      + "The agent checks it against the values the BMC advertises and reports an unsupported one as a failed action.")
  @Required
  private BootTarget target;

  @JsonPropertyDescription("How long the override lasts: Once (next boot, the default), Continuous, or Disabled "
      + "to clear it.")
  @Default("Once")
  private Enabled enabled;

  @JsonPropertyDescription("Firmware boot mode: UEFI or Legacy. Unset keeps the server's current mode.")
  private Mode mode;

  public BootOverride() {
  }

  public BootOverride(BootTarget target, Enabled enabled, Mode mode) {
    this.target = target;
    this.enabled = enabled;
    this.mode = mode;
  }

  public BootTarget getTarget() {
    return target;
  }

  public void setTarget(BootTarget target) {
    this.target = target;
  }

  public Enabled getEnabled() {
    return enabled;
  }

  public void setEnabled(Enabled enabled) {
    this.enabled = enabled;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }
}
