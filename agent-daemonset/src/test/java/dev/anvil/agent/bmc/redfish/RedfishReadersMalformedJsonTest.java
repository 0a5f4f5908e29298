package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every property of every resource a poll reads, replaced in turn by a wrong type (array for object, string for
 * number), a null, a huge or non-finite number, deeply nested junk or nothing: each reader gives its value or null
 * (finite numbers only), and only the documented refusals are thrown.
 */
class RedfishReadersMalformedJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM = "/redfish/v1/Systems/1";
  private static final ServiceRoot ROOT = new ServiceRoot("/redfish/v1/Systems", "/redfish/v1/Chassis",
      "/redfish/v1/Managers", null, true, false);
  /** Refusals some readers make by design, named in their Javadoc. */
  private static final EnumSet<Kind> DOCUMENTED = EnumSet.of(Kind.UNSUPPORTED, Kind.REJECTED);
  private static final Map<String, String> SERVICE = Map.ofEntries(
      Map.entry("/redfish/v1", """
          {"Systems": {"@odata.id": "/redfish/v1/Systems"}, "Chassis": {"@odata.id": "/redfish/v1/Chassis"},
           "Managers": {"@odata.id": "/redfish/v1/Managers"}, "Links": {"Sessions": {"@odata.id": "/s"}},
           "ProtocolFeaturesSupported": {"TopSkipQuery": true, "ExpandQuery": {"NoLinks": true}}}"""),
      Map.entry("/redfish/v1/Systems", """
          {"Members@odata.count": 1, "Members": [{"@odata.id": "/redfish/v1/Systems/1"}]}"""),
      Map.entry(SYSTEM, """
          {"PowerState": "On", "Status": {"Health": "OK", "HealthRollup": "Warning"},
           "Manufacturer": "Anvil", "Model": "R1", "SerialNumber": "SN1", "UUID": "u-1", "BiosVersion": "1.2",
           "MemorySummary": {"TotalSystemMemoryGiB": 64}, "ProcessorSummary": {"Count": null},
           "Processors": {"@odata.id": "/redfish/v1/Systems/1/Processors"},
           "LogServices": {"@odata.id": "/redfish/v1/Systems/1/LogServices"},
           "Boot": {"BootSourceOverrideEnabled": "Once", "BootSourceOverrideTarget": "Pxe",
                    "BootSourceOverrideMode": "UEFI",
                    "BootSourceOverrideTarget@Redfish.AllowableValues": ["None", "Pxe", "Hdd"],
                    "BootSourceOverrideEnabled@Redfish.AllowableValues": ["Once", "Continuous", "Disabled"]},
           "Actions": {"#ComputerSystem.Reset": {"target": "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
                       "@Redfish.ActionInfo": "/redfish/v1/Systems/1/ResetActionInfo"}},
           "Links": {"Chassis": [{"@odata.id": "/redfish/v1/Chassis/1"}],
                     "ManagedBy": [{"@odata.id": "/redfish/v1/Managers/1"}]}}"""),
      Map.entry("/redfish/v1/Systems/1/ResetActionInfo", """
          {"Parameters": [{"Name": "ResetType", "AllowableValues": ["On", "ForceOff", "GracefulRestart"]}]}"""),
      Map.entry("/redfish/v1/Systems/1/Processors", """
          {"Members@odata.count": 2, "Members": [{"@odata.id": "/redfish/v1/Systems/1/Processors/1"},
           {"@odata.id": "/p/2", "ProcessorType": "GPU", "Status": {"State": "Enabled"}}]}"""),
      Map.entry("/redfish/v1/Systems/1/Processors/1", """
          {"ProcessorType": "CPU", "Status": {"State": "Enabled"}}"""),
      Map.entry("/redfish/v1/Managers/1", """
          {"FirmwareVersion": "2.0", "LogServices": {"@odata.id": "/redfish/v1/Managers/1/LogServices"}}"""),
      Map.entry("/redfish/v1/Systems/1/LogServices", """
          {"Members": [{"@odata.id": "/redfish/v1/Systems/1/LogServices/Sel"}]}"""),
      Map.entry("/redfish/v1/Systems/1/LogServices/Sel", """
          {"Entries": {"@odata.id": "/e"}}"""),
      Map.entry("/e", """
          {"Members@odata.count": 9, "Members": [
            {"@odata.id": "/e/1", "Id": "1", "Created": "2024-05-01T10:00:00+02:00", "Severity": "Critical",
             "Message": "too hot"},
            {"@odata.id": "/e/2"}]}"""),
      Map.entry("/e?$skip=4&$top=5", """
          {"Members": [{"@odata.id": "/e/9", "Created": "2024-05-09T10:00:00", "Severity": "OK", "Message": "ok"}]}"""),
      Map.entry("/e/2", """
          {"Id": "2", "Created": "2024-05-02T10:00:00Z", "Severity": "Warning", "Message": "warm"}"""),
      Map.entry("/redfish/v1/Chassis/1", """
          {"Sensors": {"@odata.id": "/c/Sensors"}, "Thermal": {"@odata.id": "/c/Thermal"},
           "Power": {"@odata.id": "/c/Power"}}"""),
      Map.entry("/c/Sensors", """
          {"Members": [{"@odata.id": "/c/Sensors/T"}, {"@odata.id": "/c/Sensors/F", "Reading": 45,
            "ReadingType": "Percent", "ReadingUnits": "%", "SpeedRPM": 1490}]}"""),
      Map.entry("/c/Sensors/T", """
          {"Name": "CPU Temp", "ReadingType": "Temperature", "Reading": 44, "ReadingUnits": "Cel",
           "Status": {"Health": "Warning"}, "Thresholds": {"UpperCaution": {"Reading": 42},
           "UpperCritical": {"Reading": 45}, "LowerCritical": {"Reading": 5}}}"""),
      Map.entry("/c/Thermal", """
          {"Temperatures": [{"Name": "Inlet", "ReadingCelsius": 21, "UpperThresholdCritical": 45}],
           "Fans": [{"FanName": "Fan1", "ReadingRPM": 5400}, {"Name": "Fan2", "Reading": 40,
            "ReadingUnits": "Percent"}]}"""),
      Map.entry("/c/Power", """
          {"Voltages": [{"Name": "12V", "ReadingVolts": 12.1}],
           "PowerControl": [{"Name": "Input", "PowerConsumedWatts": 344}]}"""));

  @Test
  void everyPropertyReplacedByJunkOrRemoved() throws Exception {
    var service = parsed(SERVICE);
    int cases = 0;
    for (var entry : service.entrySet()) {
      for (var garbled : garblings(entry.getValue())) {
        var documents = new HashMap<>(service);
        documents.put(entry.getKey(), garbled);
        readEverything(documents, entry.getKey() + " as " + abbreviate(garbled));
        cases++;
      }
    }
    assertThat(cases).isGreaterThan(2000);
  }

  @Test
  void resourcesThatAreNotObjectsOrMissing() throws Exception {
    var service = parsed(SERVICE);
    for (var path : service.keySet()) {
      for (var junk : junk()) {
        var documents = new HashMap<>(service);
        documents.put(path, junk);
        readEverything(documents, path + " as " + abbreviate(junk));
      }
      var documents = new HashMap<>(service);
      documents.remove(path);
      readEverything(documents, path + " missing");
    }
  }

  /** What a poll reads, and a boot override patch, over the documents; values must be null or finite. */
  private static void readEverything(Map<String, JsonNode> documents, String what) {
    ResourceSource source = path -> {
      var json = documents.get(path);
      if (json == null || !json.isObject()) {
        throw new BmcException(json == null ? Kind.REJECTED : Kind.PROTOCOL, "GET " + path + ": no JSON object");
      }
      return json;
    };
    try {
      var root = ServiceRoot.parse(source.optional("/redfish/v1").orElse(JsonNodeFactory.instance.objectNode()));
      var system = new SystemResource(SYSTEM, source.optional(SYSTEM).orElse(JsonNodeFactory.instance.objectNode()));
      var manager = system.managers().isEmpty() ? null : source.optional(system.managers().get(0)).orElse(null);
      system.power();
      system.health();
      system.boot();
      PowerActions.supported(system, source);
      var inventory = InventoryReader.read(system, manager, source);
      var sensors = SensorReader.read(system.chassis(), root, source);
      EventLogReader.read(system, manager, root, source);
      sensors.forEach(sensor -> assertFinite(sensor, what));
      // 64 as given, or what the junk numbers round to; a number beyond int range is none, not its low 32 bits
      assertThat(inventory.memoryGiB()).as(what).isIn(null, 64, -1, 0, 1);
      var systems = source.optional(ROOT.systems());
      if (systems.isPresent()) {
        refusedOnlyAsDocumented(() -> SystemChoice.onlySystem("bmc", systems.get()), what);
      }
      refusedOnlyAsDocumented(() -> BootOverride.patchBody(system, new BootSettings(Target.Hdd, Persistence.Once,
          Mode.UEFI)), what);
    } catch (BmcException e) {
      throw new AssertionError(what + ": " + e.kind() + " " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new AssertionError(what + ": escaped " + e, e);
    }
  }

  private static void refusedOnlyAsDocumented(Read read, String what) {
    try {
      read.get();
    } catch (BmcException e) {
      assertThat(e.kind()).as(what + ": " + e.getMessage()).isIn(DOCUMENTED);
      assertThat(e.getMessage()).as(what).contains("Redfish");
    }
  }

  private static void assertFinite(Sensor sensor, String what) {
    assertThat(Stream.of(sensor.reading(), sensor.lowerCritical(), sensor.upperCaution(), sensor.upperCritical())
        .filter(Objects::nonNull)).as(what + ": " + sensor).allMatch(Double::isFinite);
  }

  /** The document with each property and array element in turn replaced by each junk value, then removed. */
  private static List<JsonNode> garblings(JsonNode document) {
    var out = new ArrayList<JsonNode>();
    var pointers = new ArrayList<String>();
    collect(document, "", pointers::add);
    for (var pointer : pointers) {
      int slash = pointer.lastIndexOf('/');
      var parent = pointer.substring(0, slash);
      var key = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
      for (var junk : junk()) {
        var copy = document.deepCopy();
        set(copy.at(parent), key, junk);
        out.add(copy);
      }
      var copy = document.deepCopy();
      if (copy.at(parent) instanceof ObjectNode object) {
        object.remove(key);
      } else {
        ((ArrayNode) copy.at(parent)).remove(Integer.parseInt(key));
      }
      out.add(copy);
    }
    return out;
  }

  private static void collect(JsonNode node, String pointer, Consumer<String> pointers) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        var child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
        pointers.accept(child);
        collect(node.get(name), child, pointers);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        pointers.accept(pointer + "/" + i);
        collect(node.get(i), pointer + "/" + i, pointers);
      }
    }
  }

  private static void set(JsonNode parent, String key, JsonNode value) {
    if (parent instanceof ObjectNode object) {
      object.set(key, value);
    } else {
      ((ArrayNode) parent).set(Integer.parseInt(key), value);
    }
  }

  /** Wrong types, nulls, huge and non-finite numbers, numbers as text and nested junk. */
  private static List<JsonNode> junk() {
    var nodes = JsonNodeFactory.instance;
    JsonNode deepArray = nodes.arrayNode();
    JsonNode deepObject = nodes.objectNode();
    for (int i = 0; i < 200; i++) {
      deepArray = nodes.arrayNode().add(deepArray);
      deepObject = nodes.objectNode().set("Members", deepObject);
    }
    return List.of(nodes.nullNode(), nodes.textNode(""), nodes.textNode("n/a"), nodes.textNode("1e999"),
        nodes.textNode("x".repeat(10_000)), nodes.numberNode(-1), nodes.numberNode(0.5), nodes.numberNode(1e12),
        nodes.numberNode(Double.POSITIVE_INFINITY), nodes.numberNode(Double.NaN),
        nodes.numberNode(new BigInteger("9".repeat(400))),
        nodes.numberNode(new BigDecimal("1e999")), nodes.booleanNode(true), nodes.arrayNode(),
        nodes.arrayNode().add(7).addNull().add("x"), nodes.objectNode(),
        nodes.objectNode().put("@odata.id", 7).put("Reading", "x"), deepArray, deepObject);
  }

  private static Map<String, JsonNode> parsed(Map<String, String> documents) throws Exception {
    var out = new HashMap<String, JsonNode>();
    for (var entry : documents.entrySet()) {
      out.put(entry.getKey(), JSON.readTree(entry.getValue()));
    }
    return out;
  }

  private static String abbreviate(JsonNode json) {
    var text = json.toString();
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  @FunctionalInterface
  private interface Read {
    Object get() throws BmcException;
  }
}
