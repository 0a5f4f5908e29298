package dev.anvil.apiserver.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Wires the log route: one shared Redis connection for every reader, and a bounded executor of its own for the
 * streamed responses so followers never queue behind each other nor take servlet threads.
 */
@Configuration(proxyBeanMethods = false)
public class LogsConfiguration {

  @Bean(destroyMethod = "close")
  StatefulRedisConnection<String, byte[]> logsRedisConnection(RedisClient redis) {
    return redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  @Bean
  AttemptLogReader attemptLogReader(StatefulRedisConnection<String, byte[]> logsRedisConnection,
      LogsProperties properties) {
    return new AttemptLogReader(logsRedisConnection.sync(), properties);
  }

  /** Stops followers before the web server's graceful shutdown starts waiting for open requests. */
  @Bean
  SmartLifecycle stopFollowingOnShutdown(AttemptLogReader reader) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        reader.stopFollowing();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        // stopped before WebServerGracefulShutdownLifecycle (SmartLifecycle.DEFAULT_PHASE - 1024)
        return SmartLifecycle.DEFAULT_PHASE;
      }
    };
  }

  @Bean
  JobAttempts jobAttempts(KubernetesClient kubernetes, AttemptLogReader reader) {
    return new JobAttempts(kubernetes, reader);
  }

  /** Runs after Boot's own MVC configuration, so its executor and timeout are the ones async requests get. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  LogStreamAsyncSupport logStreamAsyncSupport(LogsProperties properties) {
    return new LogStreamAsyncSupport(properties);
  }
}
