package dev.anvil.operator;

import dev.anvil.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the operator image: runs against the in-cluster config or the current kubeconfig. */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    var client = new KubernetesClientBuilder().build();
    LOG.info("Anvil operator connecting to {} (leader election {}, namespaces {}, default Job quota {})",
        client.getMasterUrl(), config.leaderElection() == null ? "off" : "on",
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.defaultJobQuota() == 0 ? "unlimited" : config.defaultJobQuota());
    var operator = AnvilOperator.start(client, config);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
