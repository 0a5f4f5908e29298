package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import dev.anvil.cli.vnc.VncForwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vnc HOST}: forwards a local port to a BmcHost's graphical console until stopped with Ctrl-C. */
@Command(name = "vnc", mixinStandardHelpOptions = true,
    description = "Forward a local port to a BmcHost's VNC console; point a VNC viewer at it. Ctrl-C stops.")
public final class VncCommand implements Callable<Integer> {

  private final CliStreams io;

  @Spec
  CommandSpec spec;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "HOST", description = "The BmcHost (bmchosts.anvil.dev) name.")
  String host;

  @Option(names = "--listen", paramLabel = "[ADDRESS:]PORT", defaultValue = "127.0.0.1:5901",
      description = "Where viewers connect (default: ${DEFAULT-VALUE}).")
  String listen;

  public VncCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    var address = address(listen);
    var client = kube.client();
    // fail now on a missing host or missing rights, not when the first viewer connects
    client.getJson(client.path("bmchosts", host));
    try (var forwarder = new VncForwarder(client, host, io.err())) {
      var bound = forwarder.start(address);
      io.out().println("Forwarding " + bound.getHostString() + ":" + bound.getPort() + " -> bmchosts/" + host + " VNC");
      io.out().flush();
      forwarder.awaitClosed();
    }
    return 0;
  }

  InetSocketAddress address(String text) {
    var colon = text.lastIndexOf(':');
    var hostPart = colon < 0 ? "127.0.0.1" : text.substring(0, colon).replaceAll("^\\[|]$", "");
    try {
      var port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(hostPart.isEmpty() ? "127.0.0.1" : hostPart, port);
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "--listen must be [ADDRESS:]PORT, was '" + text + "'");
    }
  }
}
