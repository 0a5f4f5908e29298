package dev.anvil.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.testing.RedisProcess;
import dev.anvil.protocol.AgentAuthorization;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The Spring Boot application serves the hub on {@code spring.grpc.server.port} with the token from the Secret. */
class ApiServerApplicationIT {

  @Test
  void theBootAppWelcomesAnAgentThatPresentsTheSecretsToken() throws Exception {
    try (var redis = RedisProcess.start(); var kube = EmbeddedKubeApi.start(); var client = kube.newClient()) {
      client.secrets().inNamespace("anvil").resource(new SecretBuilder().withNewMetadata()
          .withName("anvil-agent-bootstrap").endMetadata().withStringData(Map.of("token", "boot-token")).build())
          .create();
      var port = RedisClients.freePort();
      // Fabric8's default client reads its API server from system properties, as in a pod it reads the environment
      System.setProperty("kubernetes.master", kube.url());
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      try (var app = new SpringApplicationBuilder(ApiServerApplication.class).run(
          "--spring.grpc.server.port=" + port, "--spring.grpc.server.address=127.0.0.1",
          "--anvil.redis.uri=" + redis.uri(), "--anvil.hub.bootstrap-secret.namespace=anvil")) {
        var channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
          var received = new LinkedBlockingQueue<HubMessage>();
          var stub = AgentHubGrpc.newStub(channel).withInterceptors(
              MetadataUtils.newAttachHeadersInterceptor(AgentAuthorization.headers("boot-token")));
          await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var toHub = stub.connect(new StreamObserver<>() {
              @Override
              public void onNext(HubMessage value) {
                received.add(value);
              }

              @Override
              public void onError(Throwable t) {
              }

              @Override
              public void onCompleted() {
              }
            });
            toHub.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId("agent-boot")
                .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION)).build());
            // the token watch may not have seen the Secret yet: retry until welcomed
            var message = received.poll(2, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.getWelcome().getHeartbeatInterval().getSeconds()).isEqualTo(5);
          });
        } finally {
          channel.shutdownNow();
        }
      } finally {
        System.clearProperty("kubernetes.master");
        System.clearProperty("kubernetes.auth.tryKubeConfig");
      }
    }
  }
}
