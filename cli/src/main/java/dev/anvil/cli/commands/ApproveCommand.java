package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code approve WORKFLOW NODE}: answers a Workflow's waiting approval node, yes or (with --reject) no. */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Approve (or with --reject, reject) a Workflow's approval node that is waiting.")
public final class ApproveCommand implements Callable<Integer> {

  private final CliStreams io;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The Workflow (workflows.anvil.dev) name.")
  String workflow;

  @Parameters(index = "1", paramLabel = "NODE", description = "The approval node's name.")
  String node;

  @Option(names = "--reject", description = "Reject instead of approve.")
  boolean reject;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; recorded with the decision.")
  String reason;

  public ApproveCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    var body = new LinkedHashMap<String, Object>();
    body.put("node", node);
    body.put("decision", reject ? "reject" : "approve");
    if (reason != null && !reason.isBlank()) {
      body.put("reason", reason);
    }
    var client = kube.client();
    var answer = client.postJson(client.path("workflows", workflow, "approve"), body);
    var decision = answer.getOrDefault("decision", reject ? "rejected" : "approved");
    var by = answer.get("by");
    io.out().println("workflows/" + workflow + " node " + node + ": " + decision + (by == null ? "" : " by " + by));
    return 0;
  }
}
