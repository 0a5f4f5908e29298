package dev.anvil.agent.bmc.redfish;

import static dev.anvil.agent.bmc.redfish.MapSource.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceRootTest {

  @Test
  void readsLinksAndAdvertisedQueryOptions() {
    var root = ServiceRoot.parse(json("""
        {"Systems": {"@odata.id": "/redfish/v1/Systems"}, "Chassis": {"@odata.id": "/redfish/v1/Chassis"},
         "Managers": {"@odata.id": "/redfish/v1/Managers"},
         "SessionService": {"@odata.id": "/redfish/v1/SessionService"},
         "Links": {"Sessions": {"@odata.id": "/redfish/v1/SessionService/Sessions"}},
         "ProtocolFeaturesSupported": {"ExpandQuery": {"NoLinks": true, "MaxLevels": 1}, "TopSkipQuery": true}}
        """));

    assertThat(root).isEqualTo(new ServiceRoot("/redfish/v1/Systems", "/redfish/v1/Chassis", "/redfish/v1/Managers",
        "/redfish/v1/SessionService/Sessions", true, true));
  }

  @Test
  void withoutLinksSessionsFollowTheSessionServiceAndNothingIsAssumed() {
    var fromService = ServiceRoot.parse(json("{\"SessionService\": {\"@odata.id\": \"/redfish/v1/SessionService/\"}}"));
    var bare = ServiceRoot.parse(json("{\"ProtocolFeaturesSupported\": {\"ExpandQuery\": \"yes\"}}"));

    assertThat(fromService.sessions()).isEqualTo("/redfish/v1/SessionService/Sessions");
    assertThat(bare).isEqualTo(new ServiceRoot(null, null, null, null, false, false));
  }
}
