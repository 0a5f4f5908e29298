package dev.anvil.apiserver.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the kubectl-compatible routes of the anvil.dev kinds onto the apiserver's Kubernetes client. */
@Configuration(proxyBeanMethods = false)
public class KubeConfiguration {

  /** The Job log route ({@code logs.JobLogController}), listed in discovery as {@code jobs/log}. */
  @Bean
  SubresourceRoute jobsLogSubresource() {
    return new SubresourceRoute("jobs", "log", List.of("get"));
  }

  @Bean
  SubresourceRoute bmcHostsPowerSubresource() {
    return new SubresourceRoute("bmchosts", "power", List.of("create"));
  }

  @Bean
  SubresourceRoute workflowsApproveSubresource() {
    return new SubresourceRoute("workflows", "approve", List.of("create"));
  }

  /**
   * {@code actions.DeadLetterController}; its namespace-wide listing, {@code .../namespaces/{ns}/deadletters}, is
   * authorised as {@code list workflows/deadletters} and not listed as a resource of its own.
   */
  @Bean
  SubresourceRoute workflowsDeadLettersSubresource() {
    return new SubresourceRoute("workflows", "deadletters", List.of("get"));
  }

  @Bean
  SubresourceRoute workflowsReplaySubresource() {
    return new SubresourceRoute("workflows", "replay", List.of("create"));
  }

  @Bean
  ServedResources servedResources(List<SubresourceRoute> subresources) {
    return new ServedResources(subresources);
  }

  @Bean
  CallerIdentity callerIdentity(KubernetesClient kubernetes, KubeProperties properties) {
    return new CallerIdentity(kubernetes, properties.impersonate());
  }

  @Bean
  BackingApi backingApi(KubernetesClient kubernetes, CallerIdentity identity) {
    return new BackingApi(kubernetes, identity);
  }

  @Bean
  TableConverter tableConverter() {
    return new TableConverter(Clock.systemUTC());
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService watchTimeouts() {
    return Executors.newSingleThreadScheduledExecutor(runnable -> {
      var thread = new Thread(runnable, "kube-watch-timeouts");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Bean
  WatchStreams watchStreams(CallerIdentity identity, TableConverter tables, ScheduledExecutorService watchTimeouts,
      KubeProperties properties) {
    return new WatchStreams(identity, tables, watchTimeouts, properties.watchTimeout());
  }

  @Bean
  OpenApiDocuments openApiDocuments(ServedResources resources) {
    return new OpenApiDocuments(resources);
  }
}
