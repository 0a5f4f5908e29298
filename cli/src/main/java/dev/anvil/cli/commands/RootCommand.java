package dev.anvil.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code kubectl anvil}: only lists its commands; the work is theirs. */
@Command(name = "kubectl-anvil", mixinStandardHelpOptions = true, version = "kubectl-anvil 0.1.0",
    description = "Anvil commands kubectl cannot do on its own: follow Job logs, power BMC hosts, approve workflow "
        + "nodes, replay dead letters, attach to consoles, forward VNC.",
    footer = {"", "Run 'kubectl anvil COMMAND --help' for a command's options."})
public final class RootCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }
}
