package dev.anvil.agent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to run for one attempt: a command or a shell script, its environment, where and for how long.
 *
 * @param attemptId identifies the attempt; appears in directory and thread names and as {@code $ANVIL_ATTEMPT_ID}
 * @param command program and arguments, executed directly without a shell; exactly one of command and script
 * @param script run as {@code /bin/sh -e -c <script>}; exactly one of command and script
 * @param env added to a clean base environment ({@code PATH}, {@code HOME}, {@code LANG} of the agent); may
 *     override those three but not {@code ANVIL_RESULTS} or {@code ANVIL_ATTEMPT_ID}
 * @param workingDir absolute directory to run in, which must exist; {@code null} means a fresh directory for
 *     the attempt, removed after the run
 * @param timeout how long the process may run before its tree is stopped; {@code null} means no limit
 */
public record ProcessSpec(
    String attemptId, List<String> command, String script, Map<String, String> env, Path workingDir,
    Duration timeout) {

  /** Variables the runner sets itself; a spec may not set them. */
  public static final Set<String> RESERVED_ENV = Set.of("ANVIL_RESULTS", "ANVIL_ATTEMPT_ID");

  public ProcessSpec {
    attemptId = checkAttemptId(attemptId);
    if ((command == null) == (script == null)) {
      throw new IllegalArgumentException("attempt " + attemptId + ": set exactly one of command or script, "
          + (command == null ? "neither is set" : "both are set"));
    }
    if (command != null) {
      if (command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
        throw new IllegalArgumentException("attempt " + attemptId + ": command must name a program");
      }
      for (var arg : command) {
        if (arg == null || arg.indexOf('\0') >= 0) {
          throw new IllegalArgumentException("attempt " + attemptId + ": command arguments must be non-null "
              + "and contain no NUL character");
        }
      }
      command = List.copyOf(command);
    }
    if (script != null && (script.isBlank() || script.indexOf('\0') >= 0)) {
      throw new IllegalArgumentException("attempt " + attemptId + ": script must be non-blank and contain no NUL");
    }
    env = checkEnv(attemptId, env);
    if (workingDir != null && !workingDir.isAbsolute()) {
      throw new IllegalArgumentException("attempt " + attemptId + ": workingDir must be an absolute path, got "
          + workingDir);
    }
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("attempt " + attemptId + ": timeout must be positive, got " + timeout);
    }
  }

  /** A spec that runs a program directly, in a fresh directory, without a timeout. */
  public static ProcessSpec command(String attemptId, List<String> command) {
    return new ProcessSpec(attemptId, command, null, Map.of(), null, null);
  }

  /** A spec that runs a script with {@code /bin/sh -e}, in a fresh directory, without a timeout. */
  public static ProcessSpec script(String attemptId, String script) {
    return new ProcessSpec(attemptId, null, script, Map.of(), null, null);
  }

  public ProcessSpec withEnv(Map<String, String> env) {
    return new ProcessSpec(attemptId, command, script, env, workingDir, timeout);
  }

  public ProcessSpec withWorkingDir(Path workingDir) {
    return new ProcessSpec(attemptId, command, script, env, workingDir, timeout);
  }

  public ProcessSpec withTimeout(Duration timeout) {
    return new ProcessSpec(attemptId, command, script, env, workingDir, timeout);
  }

  /** The program and arguments the runner executes (before it wraps them to give them their own session). */
  public List<String> argv() {
    return command != null ? command : List.of("/bin/sh", "-e", "-c", script);
  }

  private static String checkAttemptId(String attemptId) {
    if (attemptId == null || attemptId.isBlank() || attemptId.length() > 253
        || attemptId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("attemptId must be 1-253 printable characters, got " + attemptId);
    }
    return attemptId;
  }

  private static Map<String, String> checkEnv(String attemptId, Map<String, String> env) {
    if (env == null) {
      return Map.of();
    }
    var copy = new LinkedHashMap<String, String>();
    env.forEach((name, value) -> {
      // ProcessBuilder would throw on these too, but later and without saying which attempt.
      if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("attempt " + attemptId + ": invalid environment variable name '"
            + name + "'");
      }
      if (RESERVED_ENV.contains(name)) {
        throw new IllegalArgumentException("attempt " + attemptId + ": environment variable " + name
            + " is set by the agent and cannot be overridden");
      }
      if (value == null || value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("attempt " + attemptId + ": environment variable " + name
            + " needs a value without NUL characters");
      }
      copy.put(name, value);
    });
    return Collections.unmodifiableMap(copy);
  }
}
