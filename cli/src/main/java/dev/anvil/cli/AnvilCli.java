package dev.anvil.cli;

import dev.anvil.cli.commands.ApproveCommand;
import dev.anvil.cli.commands.ConsoleCommand;
import dev.anvil.cli.commands.DeadLetterListCommand;
import dev.anvil.cli.commands.DeadLetterReplayCommand;
import dev.anvil.cli.commands.DeadLettersCommand;
import dev.anvil.cli.commands.LogsCommand;
import dev.anvil.cli.commands.PowerCommand;
import dev.anvil.cli.commands.RootCommand;
import dev.anvil.cli.commands.VncCommand;
import dev.anvil.cli.console.SttyTerminal;
import dev.anvil.cli.kube.ApiException;
import dev.anvil.cli.kube.KubeconfigException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code kubectl-anvil}: parses the command line and runs one command against the kubeconfig's apiserver. */
public final class AnvilCli {

  private final CliStreams io;

  public AnvilCli(CliStreams io) {
    this.io = io;
  }

  public static void main(String[] args) {
    var io = new CliStreams(System.in, System.out, System.err, new SttyTerminal());
    System.exit(new AnvilCli(io).run(args));
  }

  /** Runs one command line; the exit code is 0 on success, 1 on an error, 2 on a usage error. */
  public int run(String... args) {
    return commandLine().execute(args);
  }

  CommandLine commandLine() {
    var line = new CommandLine(new RootCommand())
        .addSubcommand(new LogsCommand(io))
        .addSubcommand(new PowerCommand(io))
        .addSubcommand(new ApproveCommand(io))
        .addSubcommand(new CommandLine(new DeadLettersCommand())
            .addSubcommand(new DeadLetterListCommand(io))
            .addSubcommand(new DeadLetterReplayCommand(io)))
        .addSubcommand(new ConsoleCommand(io))
        .addSubcommand(new VncCommand(io));
    line.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
    line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof ApiException || e instanceof KubeconfigException) {
        commandLine.getErr().println("error: " + e.getMessage());
      } else {
        commandLine.getErr().println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      }
      return 1;
    });
    return line;
  }
}
