package dev.anvil.apiserver.hub;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcCredentials;
import dev.anvil.protocol.agent.v1.BmcHostRef;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcTlsSettings;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.ReleaseBmcHost;
import dev.anvil.protocol.agent.v1.ServeBmcHost;

/** BmcHost commands and reports for the hub tests. */
final class BmcMessages {

  static final String HOST_UID = "5b0f7c2e-44d1-4a8e-9c61-0e7d3b2a9f10";

  private BmcMessages() {
  }

  /** The Hello of an agent that lists the feature {@code bmc}. */
  static AgentMessage hello(String agentId) {
    var hello = Agents.hello(agentId, 0).toBuilder();
    hello.getHelloBuilder().addFeatures(Features.BMC);
    return hello.build();
  }

  /** A ServeBmcHost of {@link #HOST_UID} as the operator puts it on the bus: Secret references only. */
  static Command.Builder serve(String credentialsRef, String caRef) {
    return Command.newBuilder().setServeBmcHost(ServeBmcHost.newBuilder()
        .setHost(BmcHostRef.newBuilder().setNamespace("lab").setName("r640-17").setUid(HOST_UID))
        .setConfigVersion("v1")
        .setAddress("redfish+https://10.1.2.17/redfish/v1/Systems/1")
        .setCredentials(BmcCredentials.newBuilder().setSecretRef(credentialsRef))
        .setTls(BmcTlsSettings.newBuilder().setCaSecretRef(caRef)));
  }

  static Command.Builder release() {
    return Command.newBuilder().setReleaseBmcHost(ReleaseBmcHost.newBuilder().setHostUid(HOST_UID)
        .setReason("BmcHostDeleted"));
  }

  static BmcObservation observation(long observedMillis, String powerState) {
    return BmcObservation.newBuilder().setHostUid(HOST_UID).setConfigVersion("v1")
        .setObservedTime(Timestamp.newBuilder().setSeconds(observedMillis / 1000)
            .setNanos((int) (observedMillis % 1000) * 1_000_000))
        .setProtocol("Redfish").setPowerState(powerState).build();
  }

  static BmcActionResult result(String actionId, boolean succeeded) {
    return BmcActionResult.newBuilder().setHostUid(HOST_UID).setActionId(actionId).setSucceeded(succeeded)
        .setPowerState("Off").build();
  }

  static AgentMessage report(long seq, BmcObservation observation) {
    return AgentMessage.newBuilder().setReport(Report.newBuilder().setReportSeq(seq).setBmcObservation(observation))
        .build();
  }

  static AgentMessage report(long seq, BmcActionResult result) {
    return AgentMessage.newBuilder().setReport(Report.newBuilder().setReportSeq(seq).setBmcActionResult(result))
        .build();
  }
}
