package dev.anvil.apiserver.actions;

import dev.anvil.protocol.deadletter.DeadLetterQueue;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the dead-letter routes onto the queue the operator records into, over the routes' Redis connection. */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

  @Bean
  DeadLetterQueue deadLetterQueue(StatefulRedisConnection<String, String> routeRedisConnection) {
    return new DeadLetterQueue(routeRedisConnection, Clock.systemUTC());
  }
}
