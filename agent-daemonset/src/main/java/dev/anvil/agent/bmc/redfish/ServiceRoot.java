package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the service root tells the client: where the collections are, where to log in, and which query options the
 * service supports (the client uses an option only when it is advertised).
 *
 * @param sessions the Sessions collection, or null when the BMC offers no sessions
 * @param topSkip {@code $top}/{@code $skip} on collections
 * @param expand {@code $expand=.} one level deep
 */
record ServiceRoot(String systems, String chassis, String managers, String sessions, boolean topSkip,
    boolean expand) {

  static ServiceRoot parse(JsonNode root) {
    var sessions = RedfishJson.link(root.path("Links"), "Sessions");
    var sessionService = RedfishJson.link(root, "SessionService");
    if (sessions == null && sessionService != null) {
      sessions = sessionService.replaceAll("/+$", "") + "/Sessions";
    }
    var features = root.path("ProtocolFeaturesSupported");
    var expandQuery = features.path("ExpandQuery");
    var expand = expandQuery.path("NoLinks").asBoolean(false) || expandQuery.path("ExpandAll").asBoolean(false);
    return new ServiceRoot(RedfishJson.link(root, "Systems"), RedfishJson.link(root, "Chassis"),
        RedfishJson.link(root, "Managers"), sessions, features.path("TopSkipQuery").asBoolean(false), expand);
  }
}
