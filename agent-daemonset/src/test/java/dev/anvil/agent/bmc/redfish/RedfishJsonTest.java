package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.PowerStatus;
import org.junit.jupiter.api.Test;

class RedfishJsonTest {

  private static final String ODD = """
      {"Name": "  ", "Model": null, "Serial": {"Oem": 1}, "Count": "4", "Half": 2.5, "Huge": 1e12, "NaN": "NaN",
       "Reading": "n/a", "Flag": true, "Status": {"Health": "Degraded"},
       "Links": {"Chassis": [{"@odata.id": "/a"}, "odd", {"@odata.id": null}, {"@odata.id": "/b"}]},
       "Members": [{"@odata.id": "/m/1"}, 7, null],
       "Values@Redfish.AllowableValues": ["On", 3, "Off"], "NotList@Redfish.AllowableValues": "On"}
      """;

  @Test
  void oddTypesAndMissingPropertiesReadAsNull() {
    var node = json(ODD);

    assertThat(RedfishJson.text(node, "Name")).isNull();
    assertThat(RedfishJson.text(node, "Model")).isNull();
    assertThat(RedfishJson.text(node, "Serial")).isNull();
    assertThat(RedfishJson.text(node, "Missing")).isNull();
    assertThat(RedfishJson.text(node, "Flag")).isEqualTo("true");
    assertThat(RedfishJson.number(node, "Reading")).isNull();
    assertThat(RedfishJson.number(node, "NaN")).isNull();
    assertThat(RedfishJson.number(node, "Serial")).isNull();
    assertThat(RedfishJson.integer(node, "Huge")).isNull();
    assertThat(RedfishJson.link(node, "Nowhere")).isNull();
  }

  @Test
  void numbersSentAsStringsAreRead() {
    var node = json(ODD);

    assertThat(RedfishJson.number(node, "Count")).isEqualTo(4.0);
    assertThat(RedfishJson.integer(node, "Count")).isEqualTo(4);
    assertThat(RedfishJson.integer(node, "Half")).isEqualTo(3);
  }

  @Test
  void linksMembersAndListsSkipWhatIsNotTheirShape() {
    var node = json(ODD);

    assertThat(RedfishJson.links(node.path("Links"), "Chassis")).containsExactly("/a", "/b");
    assertThat(RedfishJson.members(node)).hasSize(1);
    assertThat(RedfishJson.strings(node, "Values@Redfish.AllowableValues")).containsExactly("On", "Off");
    assertThat(RedfishJson.strings(node, "NotList@Redfish.AllowableValues")).isNull();
    assertThat(RedfishJson.strings(node, "Missing")).isNull();
  }

  @Test
  void unknownEnumValuesReadAsNull() {
    assertThat(RedfishJson.health(json(ODD))).isNull();
    assertThat(RedfishJson.health(json("{\"Status\": {\"Health\": \"Critical\"}}"))).isEqualTo(Health.Critical);
    assertThat(RedfishJson.enumValue(PowerStatus.class, "Standby")).isNull();
    assertThat(RedfishJson.enumValue(PowerStatus.class, "on")).isNull();
    assertThat(RedfishJson.enumValue(PowerStatus.class, "PoweringOn")).isEqualTo(PowerStatus.PoweringOn);
  }
}
