package dev.anvil.apiserver.actions;

import dev.anvil.protocol.deadletter.DeadLetterQueue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the dead-letter routes onto the queue the operator records into, over a Redis connection of their own. */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, String> deadLetterRedisConnection(RedisClient redis) {
    return redis.connect();
  }

  @Bean
  DeadLetterQueue deadLetterQueue(StatefulRedisConnection<String, String> deadLetterRedisConnection) {
    return new DeadLetterQueue(deadLetterRedisConnection, Clock.systemUTC());
  }
}
