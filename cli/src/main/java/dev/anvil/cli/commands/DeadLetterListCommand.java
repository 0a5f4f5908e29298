package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import dev.anvil.cli.table.DeadLetterRows;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dead-letters list [WORKFLOW]}: a table of one Workflow's dead letters or its namespace's (the queue is kept
 * per namespace, so there is no list across namespaces).
 */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
    description = "List dead letters: of one Workflow, or of the namespace.")
public final class DeadLetterListCommand implements Callable<Integer> {

  private final CliStreams io;

  @Spec
  CommandSpec spec;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW", description = "Only this Workflow's.")
  String workflow;

  public DeadLetterListCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    var client = kube.client();
    var path = workflow != null ? client.path("workflows", workflow, "deadletters") : client.path("deadletters", null);
    var list = client.getJson(path);
    var items = list.get("items") instanceof List<?> found ? found : List.of();
    var table = DeadLetterRows.of(items);
    if (table.isEmpty()) {
      io.err().println("No dead letters found" + (workflow != null ? " for workflows/" + workflow : "")
          + " in namespace " + client.connection().namespace() + ".");
      return 0;
    }
    table.print(io.out());
    return 0;
  }
}
