package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A Workflow node that performs one power or boot action on a BmcHost and waits for its result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.action) != has(self.bootOverride)", message = "set exactly one of bmc.action or "
    + "bmc.bootOverride")
public class BmcNode {

  @JsonPropertyDescription("Name of a BmcHost in the Workflow's namespace (substitutions allowed).")
  @Required
  private String host;

  @JsonPropertyDescription("Power action: On, ForceOn, ForceOff, GracefulShutdown, GracefulRestart, ForceRestart, "
      + "PowerCycle, Nmi or PushPowerButton. The node succeeds when the BMC accepted it and, for On/Off-like actions, "
      + "the power state reached the expected value. Quote On in YAML (\"On\"): unquoted it parses as a boolean.")
  private PowerAction action;

  @JsonPropertyDescription("Boot override to set, e.g. {target: Pxe, enabled: Once}.")
  private BootOverride bootOverride;

  public BmcNode() {
  }

  public BmcNode(String host, PowerAction action) {
    this.host = host;
    this.action = action;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public PowerAction getAction() {
    return action;
  }

  public void setAction(PowerAction action) {
    this.action = action;
  }

  public BootOverride getBootOverride() {
    return bootOverride;
  }

  public void setBootOverride(BootOverride bootOverride) {
    this.bootOverride = bootOverride;
  }
}
