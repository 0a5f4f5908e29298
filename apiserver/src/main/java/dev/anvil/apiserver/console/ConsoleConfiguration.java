package dev.anvil.apiserver.console;

import dev.anvil.apiserver.security.ConsoleCallers;
import dev.anvil.apiserver.security.ConsoleSocketPaths;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The console ({@code bmchosts/{name}/console}) and VNC ({@code bmchosts/{name}/vnc}) WebSockets. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class ConsoleConfiguration {

  /** How long a viewer waits for the agent to open the console (a SOL activation takes a few round trips). */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

  @Bean(destroyMethod = "close")
  ViewerChannels viewerChannels(RedisClient redis) {
    return new ViewerChannels(redis);
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService consoleSenders() {
    return Executors.newCachedThreadPool(daemon("console-sender"));
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService consoleTimer() {
    return Executors.newSingleThreadScheduledExecutor(daemon("console-timer"));
  }

  /** Its open streams are the gauge {@code anvil_console_streams} on {@code /metrics}. */
  @Bean
  ConsoleSocketHandler consoleSocketHandler(ViewerChannels viewerChannels, ExecutorService consoleSenders,
      ScheduledExecutorService consoleTimer, MeterRegistry metrics) {
    var handler = new ConsoleSocketHandler(viewerChannels, consoleSenders, consoleTimer, OPEN_TIMEOUT);
    Gauge.builder("anvil_console_streams", handler, ConsoleSocketHandler::openStreams)
        .description("Console and VNC WebSockets open on this replica").register(metrics);
    return handler;
  }

  /** Frames of up to 64 KiB from viewers (an RFB client's messages are far smaller; a paste may not be). */
  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    var container = new ServletServerContainerFactoryBean();
    container.setMaxBinaryMessageBufferSize(64 * 1024);
    container.setMaxTextMessageBufferSize(64 * 1024);
    return container;
  }

  /**
   * Same-origin browsers and clients without an Origin header (CLIs) only: Spring's default. The sockets take
   * bearer tokens, never cookies, so another site could not ride on a signed-in browser anyway.
   */
  @Bean
  WebSocketConfigurer consoleSockets(ConsoleSocketHandler handler, ConsoleCallers callers,
      KubernetesClient kubernetes, ViewerChannels viewerChannels) {
    return registry -> registry.addHandler(handler, ConsoleSocketPaths.PATTERNS)
        .addInterceptors(new ConsoleHandshake(callers, kubernetes, viewerChannels));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      var thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
