package dev.anvil.sim.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SystemActionsTest {

  private static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";
  private static final String RESET = SYSTEM + SystemActions.RESET_SUFFIX;

  private final MockupTree tree = MockupTree.load("public-rackmount1");
  private final SystemActions actions = new SystemActions(tree);

  private static JsonNode json(String text) throws Exception {
    return MockupTree.json().readTree(text);
  }

  private String power() {
    return tree.get(SYSTEM).orElseThrow().path("PowerState").asText();
  }

  private JsonNode boot() {
    return tree.get(SYSTEM).orElseThrow().path("Boot");
  }

  @Test
  void resetMovesThePowerStateAndTheChassisFollows() throws Exception {
    assertThat(actions.isReset(RESET)).isTrue();
    assertThat(actions.isReset("/redfish/v1/Systems/Nope" + SystemActions.RESET_SUFFIX)).isFalse();

    assertThat(actions.reset(RESET, json("{\"ResetType\":\"ForceOff\"}")).status()).isEqualTo(204);
    assertThat(power()).isEqualTo("Off");
    assertThat(tree.get("/redfish/v1/Chassis/1U").orElseThrow().path("PowerState").asText()).isEqualTo("Off");

    actions.reset(RESET, json("{\"ResetType\":\"PushPowerButton\"}"));
    assertThat(power()).isEqualTo("On");
  }

  @Test
  void aOnceBootOverrideIsUsedUpByTheNextBootOnly() throws Exception {
    assertThat(boot().path("BootSourceOverrideEnabled").asText()).isEqualTo("Once");

    actions.reset(RESET, json("{\"ResetType\":\"Nmi\"}"));
    assertThat(boot().path("BootSourceOverrideTarget").asText()).isEqualTo("Pxe");

    actions.reset(RESET, json("{\"ResetType\":\"ForceRestart\"}"));
    assertThat(power()).isEqualTo("On");
    assertThat(boot().path("BootSourceOverrideEnabled").asText()).isEqualTo("Disabled");
    assertThat(boot().path("BootSourceOverrideTarget").asText()).isEqualTo("None");
  }

  @Test
  void resetRefusesValuesTheSystemDoesNotAdvertise() throws Exception {
    var missing = actions.reset(RESET, json("{}"));
    var notListed = actions.reset(RESET, json("{\"ResetType\":\"PowerCycle\"}"));
    var wrongType = actions.reset(RESET, json("{\"ResetType\":3}"));
    actions.reset(RESET, json("{\"ResetType\":\"ForceOff\"}"));
    var nmiWhenOff = actions.reset(RESET, json("{\"ResetType\":\"Nmi\"}"));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().at("/error/@Message.ExtendedInfo/0/MessageId").asText())
        .isEqualTo("Base.1.16.0.ActionParameterMissing");
    assertThat(notListed.status()).isEqualTo(400);
    assertThat(notListed.body().at("/error/@Message.ExtendedInfo/0/Message").asText())
        .contains("PowerCycle", "not in the list of acceptable values");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(nmiWhenOff.status()).isEqualTo(409);
  }

  @Test
  void withoutAdvertisedValuesTheActionInfoDecides() throws Exception {
    tree.edit(SYSTEM, false, node -> {
      var action = node.with("Actions").with("#ComputerSystem.Reset");
      action.remove("ResetType@Redfish.AllowableValues");
      action.put("@Redfish.ActionInfo", SYSTEM + "/ResetActionInfo");
    });
    tree.edit(SYSTEM + "/ResetActionInfo", true, node -> node.putArray("Parameters").addObject()
        .put("Name", "ResetType").putArray("AllowableValues").add("On").add("ForceOff"));

    assertThat(actions.reset(RESET, json("{\"ResetType\":\"ForceOff\"}")).status()).isEqualTo(204);
    assertThat(actions.reset(RESET, json("{\"ResetType\":\"ForceRestart\"}")).status()).isEqualTo(400);
  }

  @Test
  void patchSetsTheBootOverrideWithinTheAllowableValues() throws Exception {
    var reply = actions.patch(SYSTEM, json("{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\","
        + "\"BootSourceOverrideEnabled\":\"Continuous\",\"BootSourceOverrideMode\":\"Legacy\"}}"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers()).containsEntry("ETag", tree.etag(SYSTEM));
    assertThat(boot().path("BootSourceOverrideTarget").asText()).isEqualTo("Hdd");
    assertThat(boot().path("BootSourceOverrideEnabled").asText()).isEqualTo("Continuous");
    assertThat(boot().path("BootSourceOverrideMode").asText()).isEqualTo("Legacy");
  }

  @Test
  void patchRefusesValuesAndPropertiesItCannotTakeAndChangesNothing() throws Exception {
    var etag = tree.etag(SYSTEM);
    var reply = actions.patch(SYSTEM, json("{\"Boot\":{\"BootSourceOverrideTarget\":\"UefiHttp\","
        + "\"BootSourceOverrideEnabled\":\"Sometimes\",\"Colour\":\"red\"},\"SerialNumber\":\"x\"}"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().at("/error/@Message.ExtendedInfo").findValuesAsText("MessageId")).containsExactlyInAnyOrder(
        "Base.1.16.0.PropertyNotWritable", "Base.1.16.0.PropertyValueNotInList",
        "Base.1.16.0.PropertyValueNotInList", "Base.1.16.0.PropertyUnknown");
    assertThat(boot().path("BootSourceOverrideTarget").asText()).isEqualTo("Pxe");
    assertThat(tree.etag(SYSTEM)).isEqualTo(etag);
  }
}
