package dev.anvil.agent.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the program a command names the way {@code execvp} would, so a missing program is reported as
 * "not found" before anything runs rather than as exit code 127 from the session wrapper.
 */
final class CommandLookup {

  private CommandLookup() {}

  /** Why the program cannot be executed, or empty when it can. */
  static Optional<String> problem(String program, String path, Path workingDir) {
    if (program.contains("/")) {
      var file = workingDir.resolve(program);
      if (!Files.exists(file)) {
        return Optional.of("command not found: " + program);
      }
      if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
        return Optional.of("command is not an executable file: " + program);
      }
      return Optional.empty();
    }
    for (var dir : (path == null ? "" : path).split(":", -1)) {
      var file = (dir.isEmpty() ? workingDir : workingDir.resolve(dir)).resolve(program);
      if (Files.isRegularFile(file) && Files.isExecutable(file)) {
        return Optional.empty();
      }
    }
    return Optional.of("command not found: " + program + " (searched PATH=" + path + ")");
  }
}
