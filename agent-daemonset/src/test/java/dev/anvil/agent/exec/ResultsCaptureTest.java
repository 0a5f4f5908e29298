package dev.anvil.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCaptureTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir
  Path base;
  private ProcessRunner runner;

  @BeforeEach
  void setUp() {
    runner = new ProcessRunner(base, Duration.ofMillis(500), false);
  }

  @AfterEach
  void tearDown() {
    runner.close();
  }

  private ProcessOutcome run(String script) throws Exception {
    return runner.start(ProcessSpec.script("results-1", script), line -> { }).await(LIMIT);
  }

  @Test
  void filesBecomeResultsAndRefusedFilesAreReported() throws Exception {
    var outcome = run(String.join("\n",
        "cd \"$ANVIL_RESULTS\"",
        "echo pass > verdict",
        "printf 'two\\nlines\\n\\n' > multi",
        "printf 'no-newline' > raw",
        ": > empty",
        "head -c 4096 /dev/zero | tr '\\0' x > max",
        "head -c 4097 /dev/zero | tr '\\0' x > too-long",
        "printf 'a\\377' > bad.utf8",
        "mkdir subdir",
        "ln -s /etc/passwd link",
        "echo x > 'bad name'"));

    assertThat(outcome.reason()).isEqualTo(ExitReason.Completed);
    assertThat(outcome.results()).containsOnlyKeys("verdict", "multi", "raw", "empty", "max", "bad.utf8");
    assertThat(outcome.results()).containsEntry("verdict", "pass")
        .containsEntry("multi", "two\nlines\n")
        .containsEntry("raw", "no-newline")
        .containsEntry("empty", "")
        .containsEntry("max", "x".repeat(4096))
        .containsEntry("bad.utf8", "a\uFFFD");
    assertThat(outcome.resultProblems()).containsExactlyInAnyOrder(
        "'bad name': not a valid result name (1-63 of A-Z a-z 0-9 _ . -)",
        "'bad.utf8': not valid UTF-8; malformed bytes were replaced with U+FFFD",
        "'link': not a regular file (a symbolic link)",
        "'subdir': not a regular file (a directory)",
        "'too-long': 4097 bytes, over the limit of 4096");
  }

  @Test
  void atMost64ResultsAndTheyAreCapturedAfterAFailureToo() throws Exception {
    var outcome = run("for i in $(seq 10 79); do echo $i > \"$ANVIL_RESULTS/r$i\"; done; exit 2");

    assertThat(outcome.reason()).isEqualTo(ExitReason.Failed);
    assertThat(outcome.results()).hasSize(64).containsEntry("r10", "10").containsEntry("r73", "73");
    assertThat(outcome.resultProblems())
        .containsExactly("6 file(s) beyond the limit of 64 results ignored: r74, r75, r76, r77, r78, r79");
  }

  @Test
  void aRemovedResultsDirectoryIsReported() throws Exception {
    var outcome = run("rmdir \"$ANVIL_RESULTS\"");

    assertThat(outcome.results()).isEmpty();
    assertThat(outcome.resultProblems()).containsExactly(
        "the results directory $ANVIL_RESULTS was removed or replaced by the process");
  }
}
