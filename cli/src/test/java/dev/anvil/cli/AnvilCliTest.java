package dev.anvil.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line: help, usage errors (exit 2) and what each command accepts, before any request is made. */
class AnvilCliTest {

  @Test
  void helpListsEveryCommand() throws Exception {
    var run = CliRun.start("--help");

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.out()).startsWith("Usage: kubectl-anvil").contains("logs", "power", "approve", "dead-letters",
        "console", "vnc");
  }

  @Test
  void noCommandIsAUsageError() throws Exception {
    var run = CliRun.start();

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(run.err()).contains("a command is required").contains("Usage: kubectl-anvil");
  }

  @Test
  void aCommandsHelpNamesItsOptions() throws Exception {
    var run = CliRun.start("logs", "--help");

    assertThat(run.exit().get(10, SECONDS)).isZero();
    assertThat(run.out()).contains("JOB", "-f, --follow", "--attempt=N", "--tail=N", "--timestamps",
        "--kubeconfig=FILE", "--context=NAME", "-n, --namespace=NAMESPACE");
  }

  @Test
  void missingArgumentsAreUsageErrors() throws Exception {
    var logs = CliRun.start("logs");
    var power = CliRun.start("power", "node-1");
    var approve = CliRun.start("approve", "release");

    assertThat(logs.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(logs.err()).contains("Missing required parameter: 'JOB'");
    assertThat(power.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(power.err()).contains("Missing required parameter: 'ACTION'");
    assertThat(approve.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(approve.err()).contains("Missing required parameter: 'NODE'");
  }

  @Test
  void badNumbersAreUsageErrors() throws Exception {
    var run = CliRun.start("logs", "build", "--tail", "many");

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(run.err()).contains("--tail");
  }

  @Test
  void replayNeedsNodesOrAllButNotBoth() throws Exception {
    var neither = CliRun.start("dead-letters", "replay", "nightly", "--kubeconfig", "/nonexistent");
    var both = CliRun.start("dead-letters", "replay", "nightly", "fetch", "--all", "--kubeconfig", "/nonexistent");

    assertThat(neither.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(neither.err()).contains("give NODEs or --all");
    assertThat(both.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(both.err()).contains("give NODEs or --all, not both");
  }

  @Test
  void aBadListenAddressIsAUsageError() throws Exception {
    var run = CliRun.start("vnc", "node-1", "--listen", "localhost:port", "--kubeconfig", "/nonexistent");

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(2);
    assertThat(run.err()).contains("--listen must be [ADDRESS:]PORT, was 'localhost:port'");
  }

  @Test
  void anUnreadableKubeconfigIsAnErrorNotAStackTrace() throws Exception {
    var run = CliRun.start("logs", "build", "--kubeconfig", "/nonexistent/config");

    assertThat(run.exit().get(10, SECONDS)).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: cannot read the kubeconfig /nonexistent/config\n");
  }
}
