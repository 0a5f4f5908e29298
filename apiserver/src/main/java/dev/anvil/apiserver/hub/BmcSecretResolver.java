package dev.anvil.apiserver.hub;

import dev.anvil.protocol.agent.v1.Command;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Fills a ServeBmcHost's credentials ({@code username}, {@code password} from the Secret {@code credentials.secret_ref})
 * and CA bundle (from {@code tls.ca_secret_ref}) just before it goes onto the agent's stream, so they never rest in
 * Redis or a log.
 */
public final class BmcSecretResolver {

  static final String USERNAME = "username";
  static final String PASSWORD = "password";

  private final SecretKeys secrets;

  public BmcSecretResolver(KubernetesClient client) {
    this.secrets = new SecretKeys(client);
  }

  /**
   * The command with its credentials and CA bundle filled; any other command as it is.
   *
   * @throws SecretEnvResolver.SecretUnavailableException naming the Secret and key that cannot be read
   */
  public Command resolve(Command command) {
    if (!command.hasServeBmcHost()) {
      return command;
    }
    var resolved = command.toBuilder();
    var serve = resolved.getServeBmcHostBuilder();
    var host = serve.getHost();
    var context = "BmcHost " + host.getNamespace() + "/" + host.getName();
    var credentials = serve.getCredentialsBuilder();
    var account = SecretKeys.parts(context + " credentials", credentials.getSecretRef(), "<namespace>/<name>");
    var values = secrets.read(context + " credentials", account[0], account[1], USERNAME, PASSWORD);
    credentials.setUsername(values.get(USERNAME)).setPassword(values.get(PASSWORD));
    var tls = serve.getTlsBuilder();
    if (!tls.getCaSecretRef().isEmpty()) {
      var ca = SecretKeys.parts(context + " CA bundle", tls.getCaSecretRef(), "<namespace>/<name>/<key>");
      tls.setCaBundlePem(secrets.read(context + " CA bundle", ca[0], ca[1], ca[2]).get(ca[2]));
    }
    return resolved.build();
  }
}
