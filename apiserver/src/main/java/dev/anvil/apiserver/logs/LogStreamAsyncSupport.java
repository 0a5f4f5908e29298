package dev.anvil.apiserver.logs;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives streamed responses a bounded executor of their own (not a bean, so Boot's application task executor stays as
 * it is): followers never queue behind each other for hours, and a stream beyond {@code maxStreams} is refused.
 */
final class LogStreamAsyncSupport implements WebMvcConfigurer, DisposableBean {

  private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
  private final LogsProperties properties;

  LogStreamAsyncSupport(LogsProperties properties) {
    this.properties = properties;
    executor.setThreadNamePrefix("log-stream-");
    executor.setCorePoolSize(properties.maxStreams());
    executor.setMaxPoolSize(properties.maxStreams());
    executor.setAllowCoreThreadTimeOut(true);
    executor.setQueueCapacity(0);
    executor.setDaemon(true);
    executor.initialize();
  }

  @Override
  public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
    configurer.setTaskExecutor(executor);
    // the reader ends a follow at followTimeout itself; the container's timeout is only a backstop
    configurer.setDefaultTimeout(properties.followTimeout().plusMinutes(1).toMillis());
  }

  @Override
  public void destroy() {
    executor.shutdown();
  }
}
