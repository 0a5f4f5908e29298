package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcSnapshot.Inventory;
import java.util.Optional;

/**
 * What the server is, from its ComputerSystem and its Manager: vendor, model, serial, UUID, BIOS and BMC firmware,
 * CPU count and memory.
 */
final class InventoryReader {

  /** Beyond this many processors the collection's count is taken as it is rather than read one by one. */
  private static final int MAX_PROCESSORS_READ = 16;

  private InventoryReader() {
  }

  /** @param manager the system's Manager resource, or null when it has none readable */
  static Inventory read(SystemResource system, JsonNode manager, ResourceSource source) throws BmcException {
    var json = system.json();
    return new Inventory(RedfishJson.text(json, "Manufacturer"), RedfishJson.text(json, "Model"),
        RedfishJson.text(json, "SerialNumber"), RedfishJson.text(json, "UUID"), RedfishJson.text(json, "BiosVersion"),
        manager == null ? null : RedfishJson.text(manager, "FirmwareVersion"), cpus(system, source),
        RedfishJson.integer(json.path("MemorySummary"), "TotalSystemMemoryGiB"));
  }

  /** {@code ProcessorSummary.Count}, else the CPUs of the Processors collection (not its GPUs, FPGAs or empty sockets). */
  static Integer cpus(SystemResource system, ResourceSource source) throws BmcException {
    var summary = RedfishJson.integer(system.json().path("ProcessorSummary"), "Count");
    if (summary != null) {
      return summary;
    }
    var collection = source.optional(system.processors());
    if (collection.isEmpty()) {
      return null;
    }
    var members = RedfishJson.members(collection.get());
    if (members.size() > MAX_PROCESSORS_READ) {
      return RedfishJson.integer(collection.get(), "Members@odata.count");
    }
    var cpus = 0;
    for (var member : members) {
      var processor = member.has("ProcessorType") ? Optional.of(member)
          : source.optional(RedfishJson.text(member, "@odata.id"));
      if (processor.isPresent() && isPresentCpu(processor.get())) {
        cpus++;
      }
    }
    return cpus;
  }

  private static boolean isPresentCpu(JsonNode processor) {
    var type = RedfishJson.text(processor, "ProcessorType");
    var state = RedfishJson.text(processor.path("Status"), "State");
    return (type == null || type.equals("CPU")) && !"Absent".equals(state);
  }
}
