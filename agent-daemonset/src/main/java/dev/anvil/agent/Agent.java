package dev.anvil.agent;

import dev.anvil.agent.bmc.BmcClientFactory;
import dev.anvil.agent.bmc.BmcClientsByProtocol;
import dev.anvil.agent.bmc.BmcService;
import dev.anvil.agent.bmc.PollListener;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.console.ConsoleService;
import dev.anvil.agent.exec.ProcessRunner;
import dev.anvil.agent.hub.HubConnection;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.agent.jobs.CommandPosition;
import dev.anvil.agent.jobs.JobService;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.agent.spool.ResilientReportSpool;
import dev.anvil.agent.spool.SpoolMode;
import dev.anvil.agent.spool.SpoolSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node agent, assembled from its configuration: spool, command position, job runner, BMC service,
 * console relay, hub stream.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  /** BMC polls and actions running at the same time at most (one per host). */
  private static final int BMC_THREADS = 16;

  private final ResilientReportSpool spool;
  private final CommandPosition position;
  private final JobService jobs;
  private final BmcService bmc;
  private final ConsoleService consoles;
  private final HubConnection hub;

  private Agent(AgentConfig config, ReconnectPolicy policy, BmcClientFactory bmcClients, PollListener bmcPolls) {
    try {
      Files.createDirectories(config.workDir());
    } catch (IOException e) {
      throw new UncheckedIOException("ANVIL_WORK_DIR " + config.workDir() + " cannot be created", e);
    }
    spool = ResilientReportSpool.open(SpoolSettings.defaults(config.localRedis(), config.agentId()));
    LOG.info("agent {} on node {}: report spool is {}", config.agentId(), config.nodeName(),
        spool.mode() == SpoolMode.REDIS
            ? "durable (local Redis at " + config.localRedis() + ")"
            : "memory-only (no local Redis at " + config.localRedis() + "; unsent reports are lost on restart)");
    position = CommandPosition.open(config.localRedis(), config.agentId());
    var outbox = new ReportOutbox(spool);
    jobs = new JobService(new ProcessRunner(config.workDir()), outbox, position, config.maxAttempts());
    bmc = new BmcService(bmcClients, outbox, BMC_THREADS, bmcPolls);
    consoles = new ConsoleService(bmc::consoleSettings);
    hub = new HubConnection(config, policy, outbox, new CommandRouter(jobs, bmc, consoles, position), consoles);
  }

  /** Starts an agent: it dials the hub in the background and keeps doing so until closed. */
  public static Agent start(AgentConfig config, ReconnectPolicy policy, BmcClientFactory bmcClients) {
    return start(config, policy, bmcClients, PollListener.NONE);
  }

  /** Starts an agent whose BMC polls are also told to {@code bmcPolls} (e.g. the BMC metrics). */
  public static Agent start(AgentConfig config, ReconnectPolicy policy, BmcClientFactory bmcClients,
      PollListener bmcPolls) {
    var agent = new Agent(config, policy, bmcClients, bmcPolls);
    agent.hub.start();
    return agent;
  }

  /** Starts an agent that speaks every BMC protocol this build has (Redfish and IPMI). */
  public static Agent start(AgentConfig config, ReconnectPolicy policy) {
    return start(config, policy, BmcClientsByProtocol.standard());
  }

  public HubConnection hub() {
    return hub;
  }

  public JobService jobs() {
    return jobs;
  }

  public ConsoleService consoles() {
    return consoles;
  }

  /**
   * Stops the hub stream, closes the consoles, cancels running attempts, logs out of the BMCs, and closes the spool
   * (what it holds stays in Redis).
   */
  @Override
  public void close() {
    hub.close();
    consoles.close();
    jobs.close();
    bmc.close();
    position.close();
    spool.close();
  }
}
