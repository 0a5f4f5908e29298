package dev.anvil.agent;

import dev.anvil.agent.bmc.BmcClientFactory;
import dev.anvil.agent.bmc.BmcClientsByProtocol;
import dev.anvil.agent.bmc.BmcMetrics;
import dev.anvil.agent.bmc.BmcProtocol;
import dev.anvil.agent.bmc.redfish.RedfishClient;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.config.ConfigException;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.agent.metrics.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's container entry point: configuration from the environment, then run until SIGTERM. */
public final class AgentMain {

  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

  /** The BMC clients this build has, by protocol; a BmcHost speaking another is observed UNSUPPORTED. */
  private static final Map<BmcProtocol, BmcClientFactory> BMC_CLIENTS =
      Map.of(BmcProtocol.Redfish, RedfishClient::create);

  private AgentMain() {
  }

  public static void main(String[] args) throws InterruptedException, java.io.IOException {
    AgentConfig config;
    try {
      config = AgentConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      System.err.println("anvil-agent: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("starting with {}", config);
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metricsPort = Integer.parseInt(System.getenv().getOrDefault("ANVIL_AGENT_METRICS_PORT", "9102"));
    var metrics = metricsPort < 0 ? null : MetricsServer.start(metricsPort, registry);
    if (metrics != null) {
      LOG.info("metrics on :{}/metrics", metrics.port());
    }
    var agent = Agent.start(config, ReconnectPolicy.defaults(), new BmcClientsByProtocol(BMC_CLIENTS),
        new BmcMetrics(registry));
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: cancelling running attempts");
      agent.close();
      if (metrics != null) {
        metrics.close();
      }
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
  }
}
