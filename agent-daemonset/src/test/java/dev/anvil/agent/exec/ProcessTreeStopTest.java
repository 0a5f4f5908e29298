package dev.anvil.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeStopTest {

  private static final Duration GRACE = Duration.ofMillis(500);
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir
  Path base;
  private ProcessRunner runner;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void setUp() {
    runner = new ProcessRunner(base, GRACE, false);
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  /** The pid the script printed as "child <pid>", once it did. */
  private long childPid() {
    await().atMost(LIMIT).until(() -> listener.texts(LogStream.STDOUT).stream().anyMatch(l -> l.startsWith("child ")));
    return listener.texts(LogStream.STDOUT).stream().filter(l -> l.startsWith("child ")).findFirst()
        .map(l -> Long.parseLong(l.substring(6))).orElseThrow();
  }

  /**
   * Dead: no process with that pid, or only its zombie, which stays until init reaps it (this machine's init
   * reaps orphans only now and then; a container's may never do).
   */
  private static void assertGone(long pid) {
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      var stat = ProcStat.read(pid);
      assertThat(ProcessHandle.of(pid).isEmpty() || stat == null || stat.zombie())
          .as("pid %d is gone (stat %s)", pid, stat).isTrue();
    });
  }

  @Test
  void timeoutStopsTheTreeIncludingABackgroundGrandchild() throws Exception {
    var running = runner.start(ProcessSpec.script("timeout-1", "sleep 1000 & echo \"child $!\"; sleep 1000")
        .withTimeout(Duration.ofSeconds(1)), listener);
    long child = childPid();
    assertThat(ProcessHandle.of(child)).isPresent();

    var outcome = running.await(LIMIT);

    assertThat(outcome.reason()).isEqualTo(ExitReason.TimedOut);
    assertThat(outcome.exitCode()).isEqualTo(143);
    assertThat(outcome.message()).startsWith("timed out after 1s");
    assertGone(child);
    assertGone(running.pid().getAsLong());
  }

  @Test
  void cancelStopsTheTreeIncludingAProcessInASessionOfItsOwn() throws Exception {
    // setsid puts the grandchild out of the process group: only the sweeps can find it.
    var running = runner.start(ProcessSpec.script("cancel-1",
        "sleep 1000 & echo \"sibling $!\"; setsid sleep 1000 & echo \"child $!\"; wait"), listener);
    long escaped = childPid();
    long sibling = listener.texts(LogStream.STDOUT).stream().filter(l -> l.startsWith("sibling ")).findFirst()
        .map(l -> Long.parseLong(l.substring(8))).orElseThrow();
    assertThat(ProcessHandle.of(escaped)).isPresent();

    running.cancel("operator asked");
    var outcome = running.await(LIMIT);

    assertThat(outcome.reason()).isEqualTo(ExitReason.Cancelled);
    assertThat(outcome.message()).startsWith("cancelled: operator asked");
    assertGone(escaped);
    assertGone(sibling);
  }

  @Test
  void aTreeThatIgnoresTermIsKilledAfterTheGracePeriod() throws Exception {
    var running = runner.start(ProcessSpec.script("trap-1",
        "trap '' TERM; sleep 1000 & echo \"child $!\"; while :; do wait; done"), listener);
    long child = childPid();

    var cancelledAt = Instant.now();
    running.cancel("stuck");
    var outcome = running.await(LIMIT);

    assertThat(outcome.reason()).isEqualTo(ExitReason.Cancelled);
    assertThat(outcome.exitCode()).isEqualTo(137);
    assertThat(Duration.between(cancelledAt, outcome.finishTime())).isGreaterThanOrEqualTo(GRACE);
    assertGone(child);
  }

  @Test
  void leftoversOfAFinishedProcessDoNotOutliveIt() throws Exception {
    // The root exits at once; its background child keeps stdout open, so without the sweep at exit the output
    // (and the outcome) would never end.
    var outcome = runner.start(ProcessSpec.script("leftover-1",
        "sleep 1000 & echo $! > \"$ANVIL_RESULTS/child\""), listener).await(LIMIT);

    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    assertGone(Long.parseLong(outcome.results().get("child")));
  }

  @Test
  void cancelAfterExitChangesNothing() throws Exception {
    var running = runner.start(ProcessSpec.command("late-1", java.util.List.of("true")), listener);
    var outcome = running.await(LIMIT);
    running.cancel("too late");

    assertThat(running.await(LIMIT)).isEqualTo(outcome);
    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
  }

  @Test
  void closingTheRunnerCancelsWhatRuns() throws Exception {
    var running = runner.start(ProcessSpec.command("close-1", java.util.List.of("sleep", "1000")), listener);
    assertThat(runner.running()).containsExactly(running);

    runner.close();

    var outcome = running.await(LIMIT);
    assertThat(outcome.reason()).isEqualTo(ExitReason.Cancelled);
    assertThat(outcome.message()).startsWith("cancelled: the agent is shutting down");
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.running().isEmpty());
  }
}
