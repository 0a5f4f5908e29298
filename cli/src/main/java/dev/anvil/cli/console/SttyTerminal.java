package dev.anvil.cli.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process's own terminal, switched with {@code stty} run on our standard input (which the child inherits), and
 * restored by a shutdown hook too, so that a kill or a crash does not leave the shell raw.
 */
public final class SttyTerminal implements Terminal {

  @Override
  public boolean interactive() {
    try {
      return stty("sh", "-c", "test -t 0").exitCode() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public RawMode enterRaw() {
    try {
      var saved = stty("stty", "-g");
      if (saved.exitCode() != 0) {
        return () -> {
        };
      }
      var settings = saved.output().strip();
      var restored = new AtomicBoolean();
      Runnable restore = () -> {
        if (restored.compareAndSet(false, true)) {
          try {
            stty("stty", settings);
          } catch (IOException e) {
            System.err.println("[anvil] could not restore the terminal; run 'stty sane'");
          }
        }
      };
      var hook = new Thread(restore, "anvil-terminal-restore");
      Runtime.getRuntime().addShutdownHook(hook);
      stty("stty", "raw", "-echo");
      return () -> {
        restore.run();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs (or ran) anyway
        }
      };
    } catch (IOException e) {
      return () -> {
      };
    }
  }

  private static Result stty(String... command) throws IOException {
    var process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new IOException("interrupted", e);
    }
  }

  private record Result(int exitCode, String output) {
  }
}
