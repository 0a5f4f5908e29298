package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.protocol.agent.v1.Command;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Turns secret environment references ({@code secretKeyRef:<namespace>/<name>/<key>}) of a RunAttempt into their
 * values just before the command goes onto the agent's stream, so credentials never rest in Redis or a log.
 */
public final class SecretEnvResolver {

  public static final String PREFIX = CommandEntry.SECRET_REF_PREFIX;

  private final SecretKeys secrets;

  public SecretEnvResolver(KubernetesClient client) {
    this.secrets = new SecretKeys(client);
  }

  /** The command with every secret reference resolved; the command itself when it has none. */
  public Command resolve(Command command) {
    if (!command.hasRunAttempt()
        || command.getRunAttempt().getEnvList().stream().noneMatch(e -> e.getSecret() && isReference(e.getValue()))) {
      return command;
    }
    var resolved = command.toBuilder();
    for (var env : resolved.getRunAttemptBuilder().getEnvBuilderList()) {
      if (env.getSecret() && isReference(env.getValue())) {
        env.setValue(valueOf(env.getName(), env.getValue()));
      }
    }
    return resolved.build();
  }

  private static boolean isReference(String value) {
    return value.startsWith(PREFIX);
  }

  private String valueOf(String envName, String reference) {
    var context = "env " + envName;
    var parts = SecretKeys.parts(context, reference.substring(PREFIX.length()), "<namespace>/<name>/<key>");
    return secrets.read(context, parts[0], parts[1], parts[2]).get(parts[2]);
  }

  /** A secret reference that cannot be resolved; the message names the reference, never a value. */
  public static final class SecretUnavailableException extends RuntimeException {
    public SecretUnavailableException(String message) {
      super(message);
    }
  }
}
