package dev.anvil.apiserver.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.AgentAuthorization;
import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.HubMessage;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loopback hub (bin/run, the agent ITs, the chain E2E) lets agents keep their streams alive as the apiserver does. */
class LoopbackHubIT {

  @Test
  @Timeout(90)
  void anIdleAgentStreamOutlivesKeepalivePings() throws Exception {
    try (var fixture = new HubFixture();
        var hub = LoopbackHub.start(fixture.kubernetes, fixture.client, HubFixture.PROPERTIES.withReplicaId("loop"),
            Agents.TOKEN)) {
      // the shortest keepalive gRPC lets a client ask for; agents ping every 30s
      var channel = NettyChannelBuilder.forAddress("127.0.0.1", hub.port()).usePlaintext()
          .keepAliveTime(10, TimeUnit.SECONDS).build();
      try {
        var inbox = new Inbox<HubMessage>();
        var toHub = AgentHubGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AgentAuthorization.headers(Agents.TOKEN)))
            .connect(inbox);
        toHub.onNext(Agents.hello("agent-idle", 0));
        assertThat(inbox.next().hasWelcome()).isTrue();

        // An idle agent gets nothing from the hub. A server that permits a ping only every 5 minutes (gRPC's
        // default) counts each as a strike and ends the stream with GOAWAY too_many_pings at the third, 30s in.
        await().during(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(40)).until(() -> !inbox.ended());
        toHub.onCompleted();
        assertThat(inbox.awaitEnd()).isNull();
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
