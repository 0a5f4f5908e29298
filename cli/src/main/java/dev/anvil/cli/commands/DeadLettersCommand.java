package dev.anvil.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dead-letters}: groups listing and replaying the nodes a Workflow gave up on. */
@Command(name = "dead-letters", aliases = "dl", mixinStandardHelpOptions = true,
    description = "List or replay the dead letters of Workflows (node executions that exhausted their retries).")
public final class DeadLettersCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "say 'list' or 'replay'");
  }
}
