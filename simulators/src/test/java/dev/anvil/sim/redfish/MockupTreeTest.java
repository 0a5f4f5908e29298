package dev.anvil.sim.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MockupTreeTest {

  private static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";

  @Test
  void servesEveryResourceOfTheMockupUnderItsOdataId() {
    var tree = MockupTree.load("public-rackmount1");

    assertThat(tree.get("/redfish/v1/")).get().extracting(r -> r.path("@odata.id").asText()).isEqualTo("/redfish/v1/");
    assertThat(tree.get("/redfish/v1")).isPresent();
    assertThat(tree.get(SYSTEM)).get().extracting(r -> r.path("SerialNumber").asText()).isEqualTo("437XR1138R2");
    assertThat(tree.get("/redfish/v1/Chassis/1U/Sensors/CPU1Temp")).isPresent();
    assertThat(tree.get("/redfish/v1/Registries/Base.1.5.0.json")).isPresent();
    assertThat(tree.xmlDocument("/redfish/v1/$metadata")).get().asString().startsWith("<?xml");
    assertThat(tree.get("/redfish/v1/explorer_config.json")).isEmpty();
    assertThat(tree.get("/redfish/v1/Nope")).isEmpty();
  }

  @Test
  void listsTheMembersOfACollectionInOrder() {
    var tree = MockupTree.load("public-bladed");

    assertThat(tree.memberPaths("/redfish/v1/Systems")).containsExactly("/redfish/v1/Systems/529QB9450R6",
        "/redfish/v1/Systems/529QB9451R6", "/redfish/v1/Systems/529QB9452R6", "/redfish/v1/Systems/529QB9453R6");
    assertThat(tree.memberPaths(SYSTEM)).isEmpty();
  }

  @Test
  void anEditOrATouchMovesTheEtagOnAndCopiesStayUntouched() {
    var tree = MockupTree.load("public-rackmount1");
    var first = tree.etag(SYSTEM);

    tree.get(SYSTEM).orElseThrow().put("PowerState", "Off");
    assertThat(tree.get(SYSTEM).orElseThrow().path("PowerState").asText()).isEqualTo("On");
    assertThat(tree.etag(SYSTEM)).isEqualTo(first);

    tree.edit(SYSTEM, false, node -> node.put("PowerState", "Off"));
    var second = tree.etag(SYSTEM);
    assertThat(second).isNotEqualTo(first).startsWith("\"").endsWith("\"");
    assertThat(tree.get(SYSTEM).orElseThrow().path("PowerState").asText()).isEqualTo("Off");

    tree.touch(SYSTEM);
    assertThat(tree.etag(SYSTEM)).isNotEqualTo(second);
    assertThatThrownBy(() -> tree.edit("/redfish/v1/Nope", false, node -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expandingOneLevelInlinesMembersButNotLinks() {
    var tree = MockupTree.load("public-rackmount1");
    var sensors = tree.expandedOneLevel(tree.get("/redfish/v1/Chassis/1U/Sensors").orElseThrow());
    var system = tree.expandedOneLevel(tree.get(SYSTEM).orElseThrow());

    assertThat(sensors.path("Members")).hasSize(41);
    assertThat(sensors.path("Members").get(0).path("Reading").isNumber()).isTrue();
    assertThat(system.path("Processors").path("Members@odata.count").asInt()).isEqualTo(3);
    assertThat(system.path("Links").path("Chassis").get(0).size()).isEqualTo(1);
  }
}
