package dev.anvil.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir
  Path base;
  private ProcessRunner runner;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void setUp() {
    runner = new ProcessRunner(base, Duration.ofMillis(500), false);
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  private ProcessOutcome run(ProcessSpec spec) throws Exception {
    var outcome = runner.start(spec, listener).await(LIMIT);
    assertThat(listener.violations()).isEmpty();
    return outcome;
  }

  @Test
  void linesOfBothStreamsArriveNumberedInDeliveryOrder() throws Exception {
    var outcome = run(ProcessSpec.script("order-1",
        "for i in 1 2 3 4 5; do echo out$i; echo err$i >&2; done; printf last"));

    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    assertThat(listener.texts(LogStream.STDOUT)).containsExactly("out1", "out2", "out3", "out4", "out5", "last");
    assertThat(listener.texts(LogStream.STDERR)).containsExactly("err1", "err2", "err3", "err4", "err5");
    var lines = listener.lines();
    assertThat(lines).extracting(LogLine::seq).containsExactly(seqs(1, 11));
    assertThat(lines).isSortedAccordingTo((a, b) -> a.timestamp().compareTo(b.timestamp()));
    assertThat(outcome.lastSeq()).isEqualTo(11);
  }

  private static Long[] seqs(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> (long) i).toArray(Long[]::new);
  }

  @Test
  void exitCodesAndSignalDeathsLikeAShell() throws Exception {
    var ok = run(ProcessSpec.command("exit-0", List.of("true")));
    assertThat(ok.reason()).isEqualTo(ExitReason.Completed);
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.lastSeq()).isZero();

    var failed = run(ProcessSpec.script("exit-3", "exit 3"));
    assertThat(failed.reason()).isEqualTo(ExitReason.Failed);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.message()).isEqualTo("exited with code 3");

    var killed = run(ProcessSpec.script("exit-9", "kill -9 $$"));
    assertThat(killed.reason()).isEqualTo(ExitReason.Failed);
    assertThat(killed.exitCode()).isEqualTo(137);
    assertThat(killed.message()).contains("signal 9");
    assertThat(killed.finishTime()).isAfterOrEqualTo(killed.startTime());
  }

  @Test
  void cleanEnvironmentWithAnvilVariablesAndAFreshWorkingDirectory() throws Exception {
    var outcome = run(ProcessSpec.command("env-1", List.of("/bin/sh", "-c",
        "echo \"FOO=$FOO\"; echo \"ID=$ANVIL_ATTEMPT_ID\"; echo \"PWD=$(pwd)\"; echo \"RES=$ANVIL_RESULTS\"; env"))
        .withEnv(Map.of("FOO", "bar baz")));

    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    var out = listener.texts(LogStream.STDOUT);
    assertThat(out).contains("FOO=bar baz", "ID=env-1");
    var pwd = value(out, "PWD=");
    // Plain startsWith: AssertJ's would resolve the path, which is already removed.
    assertThat(Path.of(pwd).startsWith(base.toRealPath())).as(pwd).isTrue();
    assertThat(Path.of(value(out, "RES=")).startsWith(base)).isTrue();
    var names = out.stream().skip(4).map(l -> l.substring(0, l.indexOf('=')))
        .collect(Collectors.toSet());
    // Only what the runner sets, plus what sh itself adds; nothing of the agent's own environment.
    assertThat(names).containsAll(List.of("PATH", "FOO", "ANVIL_RESULTS", "ANVIL_ATTEMPT_ID"))
        .isSubsetOf("PATH", "HOME", "LANG", "FOO", "ANVIL_RESULTS", "ANVIL_ATTEMPT_ID", "PWD", "SHLVL", "_");
    try (var attempts = Files.list(base)) {
      assertThat(attempts).as("attempt directories left behind").isEmpty();
    }
  }

  private static String value(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
  }

  @Test
  void givenWorkingDirectoryIsUsedAndKept(@TempDir Path dir) throws Exception {
    var outcome = run(ProcessSpec.script("wd-1", "pwd; touch made-here").withWorkingDir(dir));

    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    assertThat(listener.texts(LogStream.STDOUT)).containsExactly(dir.toRealPath().toString());
    assertThat(dir.resolve("made-here")).exists();
  }

  @Test
  void keptAttemptDirectoriesStayWhenConfigured() throws Exception {
    try (var keeping = new ProcessRunner(base, Duration.ofMillis(500), true)) {
      var outcome = keeping.start(ProcessSpec.script("keep-1", "touch made-here"), listener).await(LIMIT);
      assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
      try (var attempts = Files.list(base)) {
        var attempt = attempts.findFirst().orElseThrow();
        assertThat(attempt.getFileName().toString()).startsWith("keep-1-");
        assertThat(attempt.resolve("work/made-here")).exists();
      }
    }
  }

  @Test
  void scriptStopsAtTheFirstFailingCommand() throws Exception {
    var outcome = run(ProcessSpec.script("errexit-1", "echo one\nfalse\necho two"));

    assertThat(outcome.reason()).isEqualTo(ExitReason.Failed);
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(listener.texts(LogStream.STDOUT)).containsExactly("one");
  }

  @Test
  void missingProgramOrWorkingDirectoryIsAStartFailureThatSaysWhich() throws Exception {
    var noProgram = run(ProcessSpec.command("nf-1", List.of("no-such-program-anvil", "x")));
    assertThat(noProgram.reason()).isEqualTo(ExitReason.StartFailed);
    assertThat(noProgram.exitCode()).isNull();
    assertThat(noProgram.message()).startsWith("command not found: no-such-program-anvil");

    var noPath = run(ProcessSpec.command("nf-2", List.of("/opt/nowhere/tool")));
    assertThat(noPath.message()).isEqualTo("command not found: /opt/nowhere/tool");

    var noDir = run(ProcessSpec.command("nf-3", List.of("true")).withWorkingDir(base.resolve("missing")));
    assertThat(noDir.reason()).isEqualTo(ExitReason.StartFailed);
    assertThat(noDir.message()).isEqualTo("working directory " + base.resolve("missing") + " does not exist");

    try (var attempts = Files.list(base)) {
      assertThat(attempts).isEmpty();
    }
  }

  @Test
  void longLinesAreSplitAndInvalidUtf8IsReplaced() throws Exception {
    var outcome = run(ProcessSpec.script("bytes-1",
        "head -c 200000 /dev/zero | tr '\\0' a; echo; printf '\\377ok\\n'; printf 'tail'"));

    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    var out = listener.texts(LogStream.STDOUT);
    assertThat(out).extracting(String::length).containsExactly(65536, 65536, 65536, 200000 - 3 * 65536, 3, 4);
    assertThat(out.get(4)).isEqualTo("\uFFFDok");
    assertThat(out.get(5)).isEqualTo("tail");
  }

  @Test
  void hundredThousandLinesArriveCompleteAndInOrder() throws Exception {
    int n = 100_000;
    var readerCpuNanos = new long[1];
    var threads = ManagementFactory.getThreadMXBean();
    ProcessListener measuring = line -> {
      listener.onLine(line);
      if (line.seq() == n) {
        // The reader thread was created for this run, so its CPU time is the cost of reading it.
        readerCpuNanos[0] = threads.getCurrentThreadCpuTime();
      }
    };
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long wallBefore = System.nanoTime();

    var outcome = runner.start(ProcessSpec.command("many-1", List.of("seq", "1", Integer.toString(n))), measuring)
        .await(LIMIT);

    long wallMs = (System.nanoTime() - wallBefore) / 1_000_000;
    long jvmCpuMs = (os.getProcessCpuTime() - cpuBefore) / 1_000_000;
    System.out.printf("ProcessRunner throughput: %d lines in %d ms wall; stdout reader thread %d ms CPU; "
        + "whole JVM %d ms CPU (incl. JIT, GC)%n", n, wallMs, readerCpuNanos[0] / 1_000_000, jvmCpuMs);
    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    assertThat(outcome.lastSeq()).isEqualTo(n);
    assertThat(listener.violations()).isEmpty();
    var out = listener.texts(LogStream.STDOUT);
    assertThat(out).hasSize(n);
    for (int i = 0; i < n; i++) {
      if (!out.get(i).equals(Integer.toString(i + 1))) {
        throw new AssertionError("line " + (i + 1) + " is '" + out.get(i) + "'");
      }
    }
  }

  @Test
  void aBlockedListenerBlocksTheProcessAndNothingIsDropped() throws Exception {
    int n = 200_000; // ~1.3 MB: far more than the pipe and the reader buffers hold
    var gate = new CountDownLatch(1);
    ProcessListener blocking = line -> {
      if (line.seq() == 1) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      listener.onLine(line);
    };
    var running = runner.start(ProcessSpec.script("bp-1",
        "seq 1 " + n + "; echo done > \"$ANVIL_RESULTS/wrote-all\"; touch " + base.resolve("marker")), blocking);

    // While the listener is stuck, the process cannot finish writing: it must stay blocked, not complete.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(
        () -> !Files.exists(base.resolve("marker")) && !running.outcome().isDone());
    assertThat(ProcessHandle.of(running.pid().getAsLong())).isPresent();

    gate.countDown();
    var outcome = running.await(LIMIT);
    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    assertThat(outcome.results()).containsEntry("wrote-all", "done");
    var out = listener.texts(LogStream.STDOUT);
    assertThat(out).hasSize(n);
    assertThat(out.get(0)).isEqualTo("1");
    assertThat(out.get(n - 1)).isEqualTo(Integer.toString(n));
    assertThat(listener.violations()).isEmpty();
  }
}
