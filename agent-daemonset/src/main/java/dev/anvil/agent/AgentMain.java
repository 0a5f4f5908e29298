package dev.anvil.agent;

import dev.anvil.agent.bmc.BmcClient;
import dev.anvil.agent.bmc.BmcClientsByProtocol;
import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcProtocol;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.config.ConfigException;
import dev.anvil.agent.hub.ReconnectPolicy;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's container entry point: configuration from the environment, then run until SIGTERM. */
public final class AgentMain {

  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

  /** The BMC clients this build has, by protocol; a BmcHost speaking another is observed UNSUPPORTED. */
  private static final Map<BmcProtocol, Function<BmcEndpoint, BmcClient>> BMC_CLIENTS = Map.of();

  private AgentMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    AgentConfig config;
    try {
      config = AgentConfig.fromEnv(System.getenv());
    } catch (ConfigException e) {
      System.err.println("anvil-agent: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("starting with {}", config);
    var agent = Agent.start(config, ReconnectPolicy.defaults(), new BmcClientsByProtocol(BMC_CLIENTS));
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: cancelling running attempts");
      agent.close();
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
  }
}
