package dev.anvil.agent;

import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.config.ConfigException;
import dev.anvil.agent.hub.ReconnectPolicy;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's container entry point: configuration from the environment, then run until SIGTERM. */
public final class AgentMain {

  private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

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
    var agent = Agent.start(config, ReconnectPolicy.defaults());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping: cancelling running attempts");
      agent.close();
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
  }
}
