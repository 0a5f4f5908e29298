package dev.anvil.sim.redfish;

/**
 * A request that changed a system, as the simulated BMC accepted it: a {@code ComputerSystem.Reset} POST or a Boot
 * PATCH, with its JSON body compacted (e.g. {@code {"ResetType":"ForceOff"}}).
 */
public record AcceptedChange(String method, String path, String body) {

  @Override
  public String toString() {
    return method + " " + path + " " + body;
  }
}
