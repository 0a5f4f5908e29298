package dev.anvil.sim.ipmi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The programs the simulated IPMI BMC runs (OpenIPMI's ipmi_sim and sdrcomp, ipmitool): found, run, waited for. */
final class OpenIpmiTools {

  static final String INSTALL = "install OpenIPMI and ipmitool (Debian/Ubuntu: apt-get install openipmi ipmitool; "
      + "bin/test does)";
  private static final long TIMEOUT_SECONDS = 30;

  private OpenIpmiTools() {
  }

  /** Fails with what to install unless every command is an executable file in one of {@code path}'s directories. */
  static void requireOnPath(String path, String... commands) {
    for (var command : commands) {
      var found = path != null && List.of(path.split(File.pathSeparator)).stream()
          .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, command)).anyMatch(Files::isExecutable);
      if (!found) {
        throw new IllegalStateException("the simulated IPMI BMC needs " + command + ", which is not on the PATH ("
            + path + "): " + INSTALL);
      }
    }
  }

  /**
   * Runs the command to its end and returns its standard output; fails with that output when it exits non-zero.
   *
   * @param name how messages name the command (never with its credentials)
   */
  static String output(String name, ProcessBuilder command) {
    try {
      var process = command.start();
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + out);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(name + " failed (exit " + process.exitValue() + "):\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.command().get(0) + " (" + e.getMessage() + "): "
          + INSTALL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    }
  }
}
