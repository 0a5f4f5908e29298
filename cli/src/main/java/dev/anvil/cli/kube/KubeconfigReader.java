package dev.anvil.cli.kube;

import io.fabric8.kubernetes.client.Config;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Turns a kubeconfig (the given file, else {@code KUBECONFIG}, else {@code ~/.kube/config}) into a {@link Connection},
 * with Fabric8 doing the reading: context selection, merging, token files and exec credential plugins.
 */
public final class KubeconfigReader {

  private KubeconfigReader() {
  }

  /**
   * @param kubeconfig an explicit kubeconfig file ({@code --kubeconfig}), or null for the usual lookup
   * @param context    the context to use ({@code --context}), or null for the current one
   * @param namespace  {@code -n}, or null for the context's namespace (else {@code default})
   */
  public static Connection read(Path kubeconfig, String context, String namespace) {
    var config = load(kubeconfig, context);
    if (context != null && (config.getCurrentContext() == null
        || !context.equals(config.getCurrentContext().getName()))) {
      throw new KubeconfigException("context \"" + context + "\" does not exist in the kubeconfig");
    }
    var server = config.getMasterUrl();
    if (server == null || server.isBlank()) {
      throw new KubeconfigException("the kubeconfig names no server for the current context");
    }
    var chosen = namespace != null && !namespace.isBlank() ? namespace
        : config.getNamespace() != null && !config.getNamespace().isBlank() ? config.getNamespace() : "default";
    return new Connection(URI.create(server.replaceAll("/+$", "")), TlsContexts.of(config),
        authorization(config, kubeconfig), chosen);
  }

  private static Config load(Path kubeconfig, String context) {
    try {
      if (kubeconfig == null) {
        return Config.autoConfigure(context);
      }
      if (!Files.isReadable(kubeconfig)) {
        throw new KubeconfigException("cannot read the kubeconfig " + kubeconfig);
      }
      var text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
      return Config.fromKubeconfig(context, text, kubeconfig.toAbsolutePath().toString());
    } catch (KubeconfigException e) {
      throw e;
    } catch (Exception e) {
      throw new KubeconfigException("cannot read the kubeconfig: " + e.getMessage(), e);
    }
  }

  /** An explicit token wins, then a token provider, then the kubeconfig user's (token, exec plugin, tokenFile). */
  private static String authorization(Config config, Path kubeconfig) {
    var token = config.getOauthToken();
    if (blank(token) && config.getOauthTokenProvider() != null) {
      token = config.getOauthTokenProvider().getToken();
    }
    if (blank(token)) {
      token = config.getAutoOAuthToken();
    }
    if (blank(token)) {
      token = TokenFiles.read(config, kubeconfig);
    }
    if (!blank(token)) {
      return "Bearer " + token.strip();
    }
    if (!blank(config.getUsername()) && config.getPassword() != null) {
      var pair = config.getUsername() + ":" + config.getPassword();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
