package dev.anvil.apiserver.hub;

import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.HubMessage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The {@code AgentHub} gRPC service: one {@link AgentSession} per agent stream. */
final class AgentHubService extends AgentHubGrpc.AgentHubImplBase {

  private final HubContext hub;

  AgentHubService(HubContext hub) {
    this.hub = hub;
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> toAgent) {
    return new AgentSession((ServerCallStreamObserver<HubMessage>) toAgent, hub);
  }
}
