package dev.anvil.agent.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processes of agent Jobs on this node, each in its own session and attempt directory, and stops
 * their whole process tree on cancel or timeout.
 */
public final class ProcessRunner implements AutoCloseable {

  /** How long a stopped process tree has between SIGTERM and SIGKILL unless configured otherwise. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final File DEV_NULL = new File("/dev/null");

  private final Path baseDir;
  private final Duration killGrace;
  private final boolean keepDirectories;
  private final String setsid;
  private final Map<String, String> baseEnv;
  private final ScheduledThreadPoolExecutor timers;
  private final ExecutorService workers;
  private final Set<RunningProcess> running = ConcurrentHashMap.newKeySet();

  /** A runner with attempt directories under {@code baseDir}, removed after each run, and a 10 s kill grace. */
  public ProcessRunner(Path baseDir) {
    this(baseDir, DEFAULT_KILL_GRACE, false);
  }

  /**
   * @param baseDir where attempt directories ({@code $ANVIL_RESULTS} and the default working directory) live
   * @param killGrace time between SIGTERM and SIGKILL when a process tree is stopped
   * @param keepDirectories keep attempt directories after the run, for debugging
   */
  public ProcessRunner(Path baseDir, Duration killGrace, boolean keepDirectories) {
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath();
    if (killGrace.isNegative()) {
      throw new IllegalArgumentException("killGrace must not be negative, got " + killGrace);
    }
    this.killGrace = killGrace;
    this.keepDirectories = keepDirectories;
    this.setsid = Stream.of("/usr/bin/setsid", "/bin/setsid")
        .filter(p -> Files.isExecutable(Path.of(p)))
        .findFirst()
        .orElse(null);
    if (setsid == null) {
      LOG.warn("setsid (util-linux) not found: processes share the agent's process group, and stopping a tree "
          + "relies on /proc sweeps alone");
    }
    this.baseEnv = baseEnvironment(System.getenv());
    this.timers = new ScheduledThreadPoolExecutor(1, daemonThreads("exec-timer"));
    this.timers.setRemoveOnCancelPolicy(true);
    // Idle threads end by themselves, so a runner needs no shutdown and close() cannot strand a pending kill.
    this.timers.setKeepAliveTime(30, TimeUnit.SECONDS);
    this.timers.allowCoreThreadTimeOut(true);
    this.workers = Executors.newCachedThreadPool(daemonThreads("exec-worker"));
  }

  /**
   * Starts the spec's process. Never throws for problems of the node (missing program, missing working
   * directory, unwritable base directory): those come back as an outcome with reason StartFailed.
   */
  public RunningProcess start(ProcessSpec spec, ProcessListener listener) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    var startTime = Instant.now();
    var id = spec.attemptId();
    AttemptDirectory directory;
    try {
      directory = AttemptDirectory.create(baseDir, id);
    } catch (IOException | RuntimeException e) {
      return RunningProcess.startFailed(id, startTime, "cannot create the attempt directory under " + baseDir
          + ": " + e);
    }
    var workingDir = spec.workingDir() != null ? spec.workingDir() : directory.work();
    var env = new LinkedHashMap<>(baseEnv);
    env.putAll(spec.env());
    env.put("ANVIL_RESULTS", directory.results().toString());
    env.put("ANVIL_ATTEMPT_ID", id);
    var problem = !Files.isDirectory(workingDir)
        ? Optional.of("working directory " + workingDir
            + (Files.exists(workingDir) ? " is not a directory" : " does not exist"))
        : CommandLookup.problem(spec.argv().get(0), env.get("PATH"), workingDir);
    if (problem.isPresent()) {
      LOG.info("attempt {}: not started: {}", id, problem.get());
      cleanUp(directory);
      return RunningProcess.startFailed(id, startTime, problem.get());
    }
    var argv = new ArrayList<String>();
    if (setsid != null) {
      // Own session and process group: one signal reaches every process that did not leave the group.
      argv.add(setsid);
    }
    argv.addAll(spec.argv());
    var builder = new ProcessBuilder(argv)
        .directory(workingDir.toFile())
        // A process waiting on stdin would otherwise hang the attempt; agent Jobs have no input.
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    builder.environment().clear();
    builder.environment().putAll(env);
    long notBefore = ProcStat.ticksSinceBoot();
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      cleanUp(directory);
      return RunningProcess.startFailed(id, startTime, "cannot start " + spec.argv().get(0) + ": " + e.getMessage());
    }
    LOG.info("attempt {}: started pid {} in {}", id, process.pid(), workingDir);
    var tree = new ProcessTree(id, process.toHandle(), setsid != null,
        "ANVIL_RESULTS=" + directory.results(), notBefore);
    var handle = RunningProcess.started(id, process, tree, startTime, killGrace, spec.timeout(), listener, timers,
        workers, directory, keepDirectories);
    running.add(handle);
    // Registered after add(): runs at once if the process already finished, so no finished handle stays behind.
    handle.outcome().whenComplete((outcome, failure) -> running.remove(handle));
    return handle;
  }

  /** Processes started and not yet finished. */
  public List<RunningProcess> running() {
    return List.copyOf(running);
  }

  /**
   * Cancels every running process. Does not wait for them; their outcomes still complete, and the runner's
   * threads end by themselves once idle.
   */
  @Override
  public void close() {
    for (var process : running) {
      process.cancel("the agent is shutting down");
    }
  }

  private void cleanUp(AttemptDirectory directory) {
    if (!keepDirectories) {
      directory.delete();
    }
  }

  private static Map<String, String> baseEnvironment(Map<String, String> agentEnv) {
    // A clean base: the agent's own variables (tokens, Redis URLs) must not leak into user processes.
    var env = new LinkedHashMap<String, String>();
    env.put("PATH", agentEnv.getOrDefault("PATH", DEFAULT_PATH));
    for (var name : List.of("HOME", "LANG")) {
      if (agentEnv.containsKey(name)) {
        env.put(name, agentEnv.get(name));
      }
    }
    return Map.copyOf(env);
  }

  private static ThreadFactory daemonThreads(String prefix) {
    var count = new AtomicInteger();
    return runnable -> {
      var thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
