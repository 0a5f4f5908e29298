package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import dev.anvil.cli.kube.ApiClient;
import dev.anvil.cli.table.DeadLetterRows;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dead-letters list [WORKFLOW]}: a table of one Workflow's dead letters, a namespace's, or every one's. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
    description = "List dead letters: of one Workflow, of the namespace, or with -A of every namespace.")
public final class DeadLetterListCommand implements Callable<Integer> {

  private final CliStreams io;

  @Spec
  CommandSpec spec;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW", description = "Only this Workflow's.")
  String workflow;

  @Option(names = {"-A", "--all-namespaces"}, description = "Every namespace's dead letters.")
  boolean allNamespaces;

  public DeadLetterListCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if (allNamespaces && workflow != null) {
      throw new ParameterException(spec.commandLine(), "a WORKFLOW is in one namespace: give -n, not -A");
    }
    var client = kube.client();
    var path = allNamespaces ? ApiClient.GROUP_PATH + "/deadletters"
        : workflow != null ? client.path("workflows", workflow, "deadletters") : client.path("deadletters", null);
    var list = client.getJson(path);
    var items = list.get("items") instanceof List<?> found ? found : List.of();
    var table = DeadLetterRows.of(items, allNamespaces);
    if (table.isEmpty()) {
      io.err().println("No dead letters found" + (allNamespaces ? "."
          : workflow != null ? " for workflows/" + workflow + " in namespace " + client.connection().namespace() + "."
          : " in namespace " + client.connection().namespace() + "."));
      return 0;
    }
    table.print(io.out());
    return 0;
  }
}
