package dev.anvil.apiserver.fleet;

import dev.anvil.apiserver.kube.SubresourceRoute;
import dev.anvil.protocol.bus.AgentRegistry;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the fleet's read routes (agents, BmcHost history) onto the central Redis, over the routes' connection. */
@Configuration(proxyBeanMethods = false)
public class FleetConfiguration {

  @Bean
  AgentRegistry agentRegistry(StatefulRedisConnection<String, String> routeRedisConnection) {
    return new AgentRegistry(routeRedisConnection, Clock.systemUTC());
  }

  /** {@link BmcHostHistoryController}, listed in discovery as {@code bmchosts/history}. */
  @Bean
  SubresourceRoute bmcHostsHistorySubresource() {
    return new SubresourceRoute("bmchosts", "history", List.of("get"));
  }
}
