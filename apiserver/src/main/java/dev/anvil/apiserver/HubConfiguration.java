package dev.anvil.apiserver;

import dev.anvil.apiserver.hub.AgentHub;
import dev.anvil.apiserver.hub.BootstrapTokenWatch;
import dev.anvil.apiserver.hub.BootstrapTokens;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.protocol.bus.CentralRedisClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the agent hub into the Spring Boot gRPC server: the hub is a {@code BindableService} bean, which the
 * starter binds to the server on {@code spring.grpc.server.port}.
 */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

  @Bean(destroyMethod = "shutdown")
  RedisClient redisClient(RedisProperties redis) {
    return CentralRedisClient.create(redis.uri(), redis.timeout());
  }

  /**
   * The REST routes' reads and writes of the central Redis (dead letters, agents, BmcHost history): one multiplexed
   * connection serves them all; health checks and rate limits keep their own.
   */
  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, String> routeRedisConnection(RedisClient redis) {
    return redis.connect();
  }

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean
  BootstrapTokens bootstrapTokens() {
    return new BootstrapTokens();
  }

  @Bean(destroyMethod = "close")
  BootstrapTokenWatch bootstrapTokenWatch(KubernetesClient kubernetes, HubProperties hub, BootstrapTokens tokens) {
    return new BootstrapTokenWatch(kubernetes, hub.bootstrapSecret(), tokens);
  }

  @Bean(destroyMethod = "close")
  AgentHub agentHub(HubProperties hub, RedisClient redis, KubernetesClient kubernetes, BootstrapTokens tokens,
      BootstrapTokenWatch watch) {
    return new AgentHub(hub, redis, kubernetes, tokens);
  }
}
