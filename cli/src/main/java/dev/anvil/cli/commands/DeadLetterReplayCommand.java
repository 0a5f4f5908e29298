package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import dev.anvil.cli.kube.StatusMessages;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dead-letters replay WORKFLOW NODE...|--all}: runs a Workflow's dead-lettered nodes again. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a Workflow's dead letters: the named nodes, or --all.")
public final class DeadLetterReplayCommand implements Callable<Integer> {

  private final CliStreams io;

  @Spec
  CommandSpec spec;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The Workflow (workflows.anvil.dev) name.")
  String workflow;

  @Parameters(index = "1..*", paramLabel = "NODE", description = "The nodes whose dead letters to replay.")
  List<String> nodes;

  @Option(names = "--all", description = "Replay every dead letter of the Workflow.")
  boolean all;

  public DeadLetterReplayCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    var named = nodes != null && !nodes.isEmpty();
    if (named == all) {
      throw new ParameterException(spec.commandLine(), named ? "give NODEs or --all, not both" : "give NODEs or --all");
    }
    var client = kube.client();
    Map<String, ?> body = all ? Map.of("all", true) : Map.of("nodes", nodes);
    var answer = client.postJson(client.path("workflows", workflow, "replay"), body);
    io.out().println("workflows/" + workflow + ": " + summary(answer));
    return 0;
  }

  /** The nodes the apiserver asked the operator to replay ({@code ReplayRequest.nodes}: a list, or "all"). */
  private static String summary(Map<String, Object> answer) {
    var nodes = answer.get("nodes");
    var what = nodes instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
        : String.valueOf(nodes);
    return "replay requested (" + what + ")";
  }
}
