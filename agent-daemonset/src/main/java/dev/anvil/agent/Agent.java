package dev.anvil.agent;

import dev.anvil.agent.config.AgentConfig;
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

/** One running node agent, assembled from its configuration: spool, command position, job runner, hub stream. */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final ResilientReportSpool spool;
  private final CommandPosition position;
  private final JobService jobs;
  private final HubConnection hub;

  private Agent(AgentConfig config, ReconnectPolicy policy) {
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
    hub = new HubConnection(config, policy, outbox, jobs);
  }

  /** Starts an agent: it dials the hub in the background and keeps doing so until closed. */
  public static Agent start(AgentConfig config, ReconnectPolicy policy) {
    var agent = new Agent(config, policy);
    agent.hub.start();
    return agent;
  }

  public HubConnection hub() {
    return hub;
  }

  public JobService jobs() {
    return jobs;
  }

  /** Stops the hub stream, cancels running attempts, and closes the spool (what it holds stays in Redis). */
  @Override
  public void close() {
    hub.close();
    jobs.close();
    position.close();
    spool.close();
  }
}
