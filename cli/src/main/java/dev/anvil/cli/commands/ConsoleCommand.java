package dev.anvil.cli.commands;

import dev.anvil.cli.CliStreams;
import dev.anvil.cli.console.ConsoleOutput;
import dev.anvil.cli.console.EscapeFilter;
import dev.anvil.cli.console.KeystrokePump;
import dev.anvil.cli.console.Terminal;
import java.io.IOException;
import java.net.http.WebSocket;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code console HOST}: attaches the terminal to a BmcHost's serial console (Serial over LAN) through the apiserver,
 * raw while attached, until Ctrl-] or the server ends the session.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = {"Attach to a BmcHost's serial console. Detach with Ctrl-] (also Ctrl-C with --read-only).",
        "One user writes at a time; others watch read-only until the writer leaves or someone takes over."})
public final class ConsoleCommand implements Callable<Integer> {

  /** How long to wait for the server's close after our input ended, for output still on its way. */
  private static final long CLOSE_GRACE_SECONDS = 5;

  private final CliStreams io;

  @Mixin
  KubeOptions kube;

  @Parameters(index = "0", paramLabel = "HOST", description = "The BmcHost (bmchosts.anvil.dev) name.")
  String host;

  @Option(names = "--read-only", description = "Watch only: keystrokes are not sent.")
  boolean readOnly;

  @Option(names = "--take-over", description = "Take the keyboard from the user who has it.")
  boolean takeOver;

  public ConsoleCommand(CliStreams io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    var client = kube.client();
    var query = new LinkedHashMap<String, String>();
    query.put("mode", readOnly ? "read" : "write");
    if (takeOver) {
      query.put("takeOver", "true");
    }
    var terminal = io.terminal();
    var interactive = terminal.interactive();
    // raw mode: no newline translation, and the host's output may have left the cursor mid-line
    Consumer<String> notices = line -> {
      io.err().print(interactive ? "\r\n" + line + "\r\n" : line + "\n");
      io.err().flush();
    };
    if (interactive) {
      io.err().println("[anvil] bmchosts/" + host + " console; Ctrl-] detaches");
    }
    var session = new ConsoleOutput(io.out(), notices);
    var socket = client.webSocket(client.path("bmchosts", host, "console"), query, null, session);
    try (Terminal.RawMode raw = interactive ? terminal.enterRaw() : () -> { }) {
      startPump(socket, session, notices, interactive);
      return session.ended().get();
    } catch (ExecutionException e) {
      return 1;
    } finally {
      if (!socket.isInputClosed() || !socket.isOutputClosed()) {
        socket.abort();
      }
    }
  }

  private void startPump(WebSocket socket, ConsoleOutput session, Consumer<String> notices, boolean interactive) {
    var filter = readOnly ? new EscapeFilter(EscapeFilter.CTRL_RIGHT_BRACKET, EscapeFilter.CTRL_C)
        : new EscapeFilter(EscapeFilter.CTRL_RIGHT_BRACKET);
    var pump = new KeystrokePump(io.in(), filter, !readOnly);
    var thread = new Thread(() -> {
      try {
        var end = pump.pump(socket);
        if (end == KeystrokePump.End.DETACHED) {
          notices.accept("[anvil] detached");
          session.leaving();
          // the close frame goes out before the session ends, so the server learns we left on purpose
          socket.sendClose(ConsoleOutput.NORMAL_CLOSURE, "detached").get(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
          session.end(0);
        } else if (!readOnly && !interactive) {
          // a piped script ran out: let the server finish, output still on its way is shown
          socket.sendClose(ConsoleOutput.NORMAL_CLOSURE, "end of input");
          session.ended().get(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
      } catch (TimeoutException | ExecutionException e) {
        // the close could not be sent or was not answered in time: we are leaving anyway
        session.end(0);
      } catch (IOException e) {
        if (!session.ended().isDone()) {
          notices.accept("[anvil] cannot read the keyboard: " + e.getMessage());
          session.end(1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        if (!session.ended().isDone()) {
          notices.accept("[anvil] cannot send keystrokes: " + e.getMessage());
          session.end(1);
        }
      }
    }, "anvil-console-keys");
    thread.setDaemon(true);
    thread.start();
  }
}
