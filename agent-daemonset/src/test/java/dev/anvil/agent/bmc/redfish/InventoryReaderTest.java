package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.Inventory;
import org.junit.jupiter.api.Test;

class InventoryReaderTest {

  @Test
  void readsTheSummariesOfSystemAndManager() throws Exception {
    var system = new SystemResource("/s/1", json("""
        {"Manufacturer": "Contoso", "Model": "3500", "SerialNumber": "437XR1138R2", "UUID": "3894-...",
         "BiosVersion": "P79 v1.45", "ProcessorSummary": {"Count": 2, "Model": null},
         "MemorySummary": {"TotalSystemMemoryGiB": 15.75}, "Oem": {"Contoso": {"Serial": "other"}}}
        """));
    var manager = json("{\"FirmwareVersion\": \"1.45.455b66-rev4\"}");

    assertThat(InventoryReader.read(system, manager, new MapSource())).isEqualTo(new Inventory("Contoso", "3500",
        "437XR1138R2", "3894-...", "P79 v1.45", "1.45.455b66-rev4", 2, 16));
  }

  @Test
  void withoutSummariesCountsThePresentCpusOfTheProcessorsCollection() throws Exception {
    var system = new SystemResource("/s/1", json("{\"Processors\": {\"@odata.id\": \"/s/1/Processors\"}, "
        + "\"MemorySummary\": {\"TotalSystemMemoryGiB\": \"unknown\"}}"));
    var source = new MapSource()
        .put("/s/1/Processors", "{\"Members@odata.count\": 5, \"Members\": [{\"@odata.id\": \"/p/1\"}, "
            + "{\"@odata.id\": \"/p/2\"}, {\"@odata.id\": \"/p/3\"}, {\"@odata.id\": \"/p/gone\"}, "
            + "{\"@odata.id\": \"/p/5\", \"ProcessorType\": \"CPU\"}]}")
        .put("/p/1", "{\"ProcessorType\": \"CPU\", \"Status\": {\"State\": \"Enabled\"}}")
        .put("/p/2", "{\"ProcessorType\": \"FPGA\"}")
        .put("/p/3", "{\"ProcessorType\": \"CPU\", \"Status\": {\"State\": \"Absent\"}}");

    var inventory = InventoryReader.read(system, null, source);

    assertThat(inventory.cpus()).isEqualTo(2);
    assertThat(inventory.memoryGiB()).isNull();
    assertThat(inventory.bmcFirmware()).isNull();
    assertThat(inventory.manufacturer()).isNull();
    assertThat(source.reads).doesNotContain("/p/5");
  }

  @Test
  void noProcessorsAnywhereMeansUnknown() throws Exception {
    assertThat(InventoryReader.cpus(new SystemResource("/s/1", json("{}")), new MapSource())).isNull();
  }
}
