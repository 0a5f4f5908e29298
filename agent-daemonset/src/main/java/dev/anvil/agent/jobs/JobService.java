package dev.anvil.agent.jobs;

import dev.anvil.agent.exec.ProcessRunner;
import dev.anvil.agent.exec.ProcessSpec;
import dev.anvil.agent.exec.RunningProcess;
import dev.anvil.agent.hub.CommandHandler;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.CancelAttempt;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.RunAttempt;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's command side: runs and cancels attempts as the hub says, once per attempt id, within its capacity,
 * and spools everything it has to report about them.
 *
 * <p>Over capacity a RunAttempt is refused (AttemptFinished START_FAILED saying so), not queued: the operator chose
 * this agent from a heartbeat that may be stale, and only it can choose another agent or retry later.
 */
public final class JobService implements CommandHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobService.class);
  private static final int REMEMBERED_FINISHED = 10_000;
  private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ProcessRunner runner;
  private final ReportOutbox outbox;
  private final CommandPosition position;
  private final int maxAttempts;
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_FINISHED;
    }
  });
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    var thread = new Thread(r, "log-batch-flush");
    thread.setDaemon(true);
    return thread;
  });

  private record Running(RunningProcess process, AttemptReporter reporter) {
  }

  public JobService(ProcessRunner runner, ReportOutbox outbox, CommandPosition position, int maxAttempts) {
    this.runner = runner;
    this.outbox = outbox;
    this.position = position;
    this.maxAttempts = maxAttempts;
    flusher.scheduleWithFixedDelay(this::flushBatches, 50, 25, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized long execute(Command command) {
    return position.executeOnce(command.getCommandSeq(), () -> {
      switch (command.getKindCase()) {
        case RUN_ATTEMPT -> run(command.getRunAttempt());
        case CANCEL_ATTEMPT -> cancel(command.getCancelAttempt());
        default -> LOG.warn("command {} of a kind this agent does not know ({}): skipped", command.getCommandSeq(),
            command.getKindCase());
      }
    });
  }

  @Override
  public List<String> features() {
    return List.of(Features.RUN_ATTEMPT, Features.CANCEL_ATTEMPT);
  }

  @Override
  public long executedCommandSeq() {
    return position.executed();
  }

  @Override
  public List<String> runningAttemptIds() {
    return new ArrayList<>(running.keySet());
  }

  private void run(RunAttempt run) {
    var id = run.getAttemptId();
    boolean ranBefore;
    synchronized (finished) {
      ranBefore = finished.contains(id);
    }
    if (running.containsKey(id) || ranBefore) {
      LOG.info("attempt {} {}: RunAttempt dropped as a duplicate", id, ranBefore ? "already ran" : "is running");
      return;
    }
    if (run.hasDeadline() && Instant.ofEpochSecond(run.getDeadline().getSeconds(), run.getDeadline().getNanos())
        .isBefore(Instant.now())) {
      refuse(id, AttemptFinished.Reason.TIMED_OUT, "the attempt's deadline passed before the agent received it");
      return;
    }
    if (running.size() >= maxAttempts) {
      refuse(id, AttemptFinished.Reason.START_FAILED, "agent at capacity: " + running.size() + " of " + maxAttempts
          + " attempts running; not queued, retry or choose another agent");
      return;
    }
    ProcessSpec spec;
    try {
      spec = spec(run);
    } catch (IllegalArgumentException e) {
      refuse(id, AttemptFinished.Reason.START_FAILED, e.getMessage());
      return;
    }
    var reporter = new AttemptReporter(id, outbox);
    var process = runner.start(spec, reporter);
    if (process.pid().isPresent()) {
      reporter.started(process.pid().getAsLong(), Instant.now());
      running.put(id, new Running(process, reporter));
      LOG.info("attempt {} of {}/{}: started, pid {}", id, run.getJobNamespace(), run.getJobName(),
          process.pid().getAsLong());
    }
    process.outcome().whenComplete((outcome, failure) -> {
      if (failure != null) {
        LOG.error("attempt {}: finishing the run failed: {}", id, failure.toString());
        return;
      }
      reporter.finished(outcome);
      synchronized (finished) {
        finished.add(id);
      }
      running.remove(id);
      LOG.info("attempt {}: {} (exit {}), {} lines", id, outcome.reason(), outcome.exitCode(), outcome.lastSeq());
    });
  }

  private ProcessSpec spec(RunAttempt run) {
    // secret values live only in this map and the child's environment: never logged, never spooled
    var env = new LinkedHashMap<String, String>();
    run.getEnvList().forEach(e -> env.put(e.getName(), e.getValue()));
    var command = run.getProgramCase() == RunAttempt.ProgramCase.COMMAND ? run.getCommand().getArgsList() : null;
    var script = run.getProgramCase() == RunAttempt.ProgramCase.SCRIPT ? run.getScript() : null;
    var timeout = run.hasTimeout()
        ? Duration.ofSeconds(run.getTimeout().getSeconds(), run.getTimeout().getNanos()) : null;
    var workingDir = run.getWorkingDir().isEmpty() ? null : Path.of(run.getWorkingDir());
    return new ProcessSpec(run.getAttemptId(), command, script, env, workingDir, timeout);
  }

  private void cancel(CancelAttempt cancel) {
    var attempt = running.get(cancel.getAttemptId());
    if (attempt == null) {
      LOG.info("attempt {}: CancelAttempt for an attempt that is not running; nothing to do", cancel.getAttemptId());
      return;
    }
    LOG.info("attempt {}: cancelling ({})", cancel.getAttemptId(), cancel.getReason());
    attempt.process().cancel(cancel.getReason());
  }

  private void refuse(String attemptId, AttemptFinished.Reason reason, String message) {
    LOG.warn("attempt {}: not started: {}", attemptId, message);
    outbox.append(Report.newBuilder().setAttemptFinished(AttemptFinished.newBuilder().setAttemptId(attemptId)
        .setReason(reason).setMessage(message).setFinishedTime(AttemptReporter.timestamp(Instant.now()))));
    synchronized (finished) {
      finished.add(attemptId);
    }
  }

  private void flushBatches() {
    for (var attempt : running.values()) {
      try {
        attempt.reporter().flushOlderThan(FLUSH_NANOS);
      } catch (RuntimeException e) {
        LOG.warn("attempt {}: flushing log lines failed: {}", attempt.process().attemptId(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    runner.close();
  }
}
