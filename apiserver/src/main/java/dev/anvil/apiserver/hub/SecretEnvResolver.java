package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.protocol.agent.v1.Command;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Turns secret environment references ({@code secretKeyRef:<namespace>/<name>/<key>}) of a RunAttempt into their
 * values just before the command goes onto the agent's stream, so credentials never rest in Redis or a log.
 */
public final class SecretEnvResolver {

  public static final String PREFIX = CommandEntry.SECRET_REF_PREFIX;

  private final KubernetesClient client;

  public SecretEnvResolver(KubernetesClient client) {
    this.client = client;
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
    var parts = reference.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new SecretUnavailableException("env " + envName + ": reference must look like "
          + PREFIX + "<namespace>/<name>/<key>, was " + reference);
    }
    try {
      var secret = client.secrets().inNamespace(parts[0]).withName(parts[1]).get();
      if (secret == null) {
        throw new SecretUnavailableException("env " + envName + ": Secret " + parts[0] + "/" + parts[1] + " not found");
      }
      if (secret.getData() != null && secret.getData().containsKey(parts[2])) {
        return new String(Base64.getDecoder().decode(secret.getData().get(parts[2])), StandardCharsets.UTF_8);
      }
      if (secret.getStringData() != null && secret.getStringData().containsKey(parts[2])) {
        return secret.getStringData().get(parts[2]);
      }
      throw new SecretUnavailableException("env " + envName + ": Secret " + parts[0] + "/" + parts[1]
          + " has no key " + parts[2]);
    } catch (KubernetesClientException e) {
      throw new SecretUnavailableException("env " + envName + ": cannot read Secret " + parts[0] + "/" + parts[1]
          + ": HTTP " + e.getCode());
    }
  }

  /** A secret reference that cannot be resolved; the message names the reference, never a value. */
  public static final class SecretUnavailableException extends RuntimeException {
    public SecretUnavailableException(String message) {
      super(message);
    }
  }
}
