package dev.anvil.agent.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started attempt: its pid, its future outcome, and the means to stop it early. */
public final class RunningProcess {

  private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);
  /** How often a finished attempt whose output pipes are still held open sweeps its process tree again. */
  private static final Duration RESWEEP = Duration.ofSeconds(1);

  private final String attemptId;
  private final Process process;
  private final ProcessTree tree;
  private final CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
  private final Instant startTime;
  private final Duration killGrace;
  private final ScheduledExecutorService timers;
  private final Executor workers;

  private boolean exited;
  private ExitReason stopReason;
  private String stopMessage;
  private Future<?> timeoutTask;
  private Future<?> killTask;

  private RunningProcess(String attemptId, Process process, ProcessTree tree, Instant startTime, Duration killGrace,
      ScheduledExecutorService timers, Executor workers) {
    this.attemptId = attemptId;
    this.process = process;
    this.tree = tree;
    this.startTime = startTime;
    this.killGrace = killGrace;
    this.timers = timers;
    this.workers = workers;
  }

  /** A process that never ran; its outcome is already there. */
  static RunningProcess startFailed(String attemptId, Instant startTime, String message) {
    var failed = new RunningProcess(attemptId, null, null, startTime, Duration.ZERO, null, null);
    failed.outcome.complete(new ProcessOutcome(ExitReason.StartFailed, null, message, Map.of(), List.of(),
        startTime, Instant.now(), 0));
    return failed;
  }

  /**
   * Wires a spawned process: readers on both pipes, the timeout, and the finishing steps once the process
   * exited and both pipes reached their end.
   */
  static RunningProcess started(String attemptId, Process process, ProcessTree tree, Instant startTime,
      Duration killGrace, Duration timeout, ProcessListener listener, ScheduledExecutorService timers,
      Executor workers, AttemptDirectory directory, boolean keepDirectory) {
    var running = new RunningProcess(attemptId, process, tree, startTime, killGrace, timers, workers);
    var sequencer = new LineSequencer(attemptId, listener);
    var stdout = new LineReader(attemptId, process.getInputStream(), LogStream.STDOUT, sequencer);
    var stderr = new LineReader(attemptId, process.getErrorStream(), LogStream.STDERR, sequencer);
    startThread(stdout, "exec-" + attemptId + "-stdout");
    startThread(stderr, "exec-" + attemptId + "-stderr");
    if (timeout != null) {
      synchronized (running) {
        running.timeoutTask = timers.schedule(
            () -> running.stop(ExitReason.TimedOut, "timed out after " + shown(timeout)),
            timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
    var pipesDone = CompletableFuture.allOf(stdout.done(), stderr.done());
    process.onExit().thenAcceptAsync(p -> {
      ProcessOutcome result = null;
      Throwable failure = null;
      try {
        result = running.finish(p.exitValue(), pipesDone, sequencer, directory);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      // Removed before the outcome completes, so whoever waits on it finds the node already tidy.
      if (!keepDirectory) {
        directory.delete();
      }
      if (failure != null) {
        running.outcome.completeExceptionally(failure);
      } else {
        running.outcome.complete(result);
      }
    }, workers);
    return running;
  }

  public String attemptId() {
    return attemptId;
  }

  /** The pid of the process (the leader of its session), or empty when it never started. */
  public OptionalLong pid() {
    return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
  }

  /** Completes once the process exited, its whole output was delivered and its results were read. */
  public CompletableFuture<ProcessOutcome> outcome() {
    // A copy, so a caller completing or cancelling its future cannot fake the outcome for other callers.
    return outcome.copy();
  }

  /** Waits for {@link #outcome()}. */
  public ProcessOutcome await() throws InterruptedException {
    try {
      return outcome.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("attempt " + attemptId + ": finishing the run failed", e.getCause());
    }
  }

  /** Waits for {@link #outcome()} at most {@code limit}. */
  public ProcessOutcome await(Duration limit) throws InterruptedException, TimeoutException {
    try {
      return outcome.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("attempt " + attemptId + ": finishing the run failed", e.getCause());
    }
  }

  /**
   * Stops the whole process tree: SIGTERM now, SIGKILL to whatever is left after the grace period. Returns at
   * once; the outcome (reason Cancelled) follows when the process has exited. Does nothing when the process
   * already exited or is already being stopped.
   */
  public void cancel(String why) {
    stop(ExitReason.Cancelled, "cancelled: " + (why == null || why.isBlank() ? "no reason given" : why));
  }

  private void stop(ExitReason reason, String message) {
    synchronized (this) {
      if (process == null || exited || stopReason != null || !process.isAlive()) {
        return;
      }
      stopReason = reason;
      stopMessage = message;
    }
    LOG.info("attempt {}: stopping process tree of pid {}: {}", attemptId, process.pid(), message);
    workers.execute(() -> {
      tree.terminate();
      synchronized (this) {
        if (!exited) {
          killTask = timers.schedule(() -> workers.execute(this::killAfterGrace), killGrace.toNanos(),
              TimeUnit.NANOSECONDS);
        }
      }
    });
  }

  private void killAfterGrace() {
    int killed = tree.kill();
    if (killed > 0) {
      LOG.info("attempt {}: killed {} process(es) still running after the grace period of {}", attemptId, killed,
          shown(killGrace));
    }
  }

  private ProcessOutcome finish(int exitCode, CompletableFuture<Void> pipesDone, LineSequencer sequencer,
      AttemptDirectory directory) {
    var finishTime = Instant.now();
    ExitReason reason;
    String message;
    synchronized (this) {
      exited = true;
      cancelQuietly(timeoutTask);
      cancelQuietly(killTask);
      reason = stopReason;
      message = stopMessage;
    }
    // Like a container whose main process ended: whatever it left running goes too, also so that leftovers
    // holding our pipes open cannot keep the output (and this outcome) from ending.
    int leftovers = tree.kill();
    if (leftovers > 0) {
      LOG.info("attempt {}: killed {} process(es) left running after the main process exited", attemptId, leftovers);
    }
    awaitPipes(pipesDone);
    if (reason == null) {
      reason = exitCode == 0 ? ExitReason.Completed : ExitReason.Failed;
      message = exitCode == 0 ? "exited with code 0" : exitMessage(exitCode);
    } else {
      message = message + " (" + exitMessage(exitCode) + ")";
    }
    var results = ResultsReader.read(directory.results());
    return new ProcessOutcome(reason, exitCode, message, results.results(), results.problems(), startTime,
        finishTime, sequencer.lastSeq());
  }

  /**
   * Waits for both readers. They end when every writer closed its end of the pipes; a process that escaped the
   * sweeps may still hold one, so the sweep repeats until they end. A slow listener also keeps them busy, and
   * that wait is deliberate: no line is dropped.
   */
  private void awaitPipes(CompletableFuture<Void> pipesDone) {
    while (true) {
      try {
        pipesDone.get(RESWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        tree.kill();
      } catch (ExecutionException e) {
        LOG.warn("attempt {}: an output reader failed", attemptId, e.getCause());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String exitMessage(int exitCode) {
    // Java reports a death by signal N as 128 + N, as a shell does; a process may also exit with such a code.
    return exitCode > 128 && exitCode < 128 + 65
        ? "exit code " + exitCode + " (signal " + (exitCode - 128) + ")"
        : "exited with code " + exitCode;
  }

  private static String shown(Duration d) {
    return d.toString().substring(2).toLowerCase();
  }

  private static void cancelQuietly(Future<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  private static void startThread(Runnable reader, String name) {
    var thread = new Thread(reader, name);
    thread.setDaemon(true);
    thread.start();
  }
}
