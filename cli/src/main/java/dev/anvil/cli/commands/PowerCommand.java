package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import dev.anvil.cli.kube.ApiClient;
import dev.anvil.cli.kube.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code power HOST ACTION}: asks for a one-shot power action on a BmcHost and, with --wait, polls the host until its
 * status records how that request ended.
 */
@Command(name = "power", mixinStandardHelpOptions = true,
    description = "Request a power action on a BmcHost: On, ForceOn, ForceOff, GracefulShutdown, GracefulRestart, "
        + "ForceRestart, PowerCycle, Nmi, PushPowerButton (any case, dashes allowed).")
public final class PowerCommand implements Callable<Integer> {

  private final CliStreams io;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "HOST", description = "The BmcHost (bmchosts.anvil.dev) name.")
  String host;

  @Parameters(index = "1", paramLabel = "ACTION", description = "The power action, e.g. ForceOff or power-cycle.")
  String action;

  @Option(names = "--wait", description = "Wait until the host's status.requests shows the request finished.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
      description = "How long --wait waits, e.g. 30s, 5m (default: 5m).", converter = DurationConverter.class)
  Duration timeout;

  @Option(names = "--poll-interval", hidden = true, defaultValue = "1s", converter = DurationConverter.class)
  Duration pollInterval;

  public PowerCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    var client = kube.client();
    var canonical = PowerActions.canonical(action);
    var answer = client.postJson(client.path("bmchosts", host, "power"), Map.of("action", canonical));
    var request = answer.get("request") instanceof String text ? text : null;
    io.out().println("bmchosts/" + host + ": " + answer.getOrDefault("action", canonical) + " requested"
        + (request == null ? "" : " (request " + request + ")"));
    if (!await) {
      return 0;
    }
    if (request == null) {
      throw new ApiException(0, "the apiserver named no request id to wait for");
    }
    return awaitOutcome(client, request);
  }

  private int awaitOutcome(ApiClient client, String request) throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    while (true) {
      var record = record(client.getJson(client.path("bmchosts", host)), request);
      var result = record == null ? null : record.get("result");
      if ("Succeeded".equals(result) || "Failed".equals(result)) {
        var message = record.get("message") instanceof String text && !text.isBlank() ? ": " + text : "";
        io.out().println("bmchosts/" + host + ": " + record.getOrDefault("action", "request") + " "
            + result.toString().toLowerCase() + message);
        return "Succeeded".equals(result) ? 0 : 1;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ApiException(0, "bmchosts/" + host + ": request " + request + " not finished after " + timeout
            + (record == null ? " (not picked up yet)" : " (" + result + ")"));
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** The status record of this request: lastAction or one of status.requests whose {@code request} is it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> record(Map<String, Object> hostObject, String request) {
    if (!(hostObject.get("status") instanceof Map<?, ?> status)) {
      return null;
    }
    if (status.get("lastAction") instanceof Map<?, ?> last && request.equals(last.get("request"))) {
      return (Map<String, Object>) last;
    }
    if (status.get("requests") instanceof List<?> requests) {
      for (var entry : requests) {
        if (entry instanceof Map<?, ?> map && (request.equals(map.get("request")) || request.equals(map.get("id")))) {
          return (Map<String, Object>) map;
        }
      }
    }
    return null;
  }
}
