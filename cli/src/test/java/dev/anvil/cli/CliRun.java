package dev.anvil.cli;

import dev.anvil.cli.console.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** One {@code kubectl anvil} run on a thread of its own, with a keyboard the test types on and captured output. */
final class CliRun {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PipedOutputStream keyboard = new PipedOutputStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private CliRun(String... args) throws IOException {
    InputStream in = new PipedInputStream(keyboard, 65536);
    var io = new CliStreams(in, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Terminal.none());
    var thread = new Thread(() -> {
      try {
        exit.complete(new AnvilCli(io).run(args));
      } catch (Throwable e) {
        exit.completeExceptionally(e);
      }
    }, "cli-run");
    thread.setDaemon(true);
    thread.start();
  }

  static CliRun start(String... args) throws IOException {
    return new CliRun(args);
  }

  /** Types these bytes into the command's standard input. */
  void type(byte... bytes) throws IOException {
    keyboard.write(bytes);
    keyboard.flush();
  }

  void endInput() throws IOException {
    keyboard.close();
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  CompletableFuture<Integer> exit() {
    return exit;
  }
}
