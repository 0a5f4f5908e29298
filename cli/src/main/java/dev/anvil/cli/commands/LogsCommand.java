package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs JOB}: prints (and with {@code -f} follows) one attempt's log of an Anvil Job, as it arrives. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the log of a Job's attempt (the current one unless --attempt), following it with -f.")
public final class LogsCommand implements Callable<Integer> {

  private final CliStreams io;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "JOB", description = "The Job (jobs.anvil.dev) name.")
  String job;

  @Option(names = {"-f", "--follow"}, description = "Keep streaming until the attempt's log is complete.")
  boolean follow;

  @Option(names = "--attempt", paramLabel = "N", description = "The attempt number (default: the current or last).")
  Integer attempt;

  @Option(names = "--tail", paramLabel = "N", description = "Only the last N lines.")
  Long tail;

  @Option(names = "--timestamps", description = "Prefix each line with its RFC 3339 time.")
  boolean timestamps;

  public LogsCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    var query = new LinkedHashMap<String, String>();
    if (follow) {
      query.put("follow", "true");
    }
    if (attempt != null) {
      query.put("attempt", attempt.toString());
    }
    if (tail != null) {
      query.put("tailLines", tail.toString());
    }
    if (timestamps) {
      query.put("timestamps", "true");
    }
    var client = kube.client();
    client.stream(client.path("jobs", job, "log"), query, io.out());
    return 0;
  }
}
