package dev.anvil.cli.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kubeconfig user's {@code tokenFile}, which Fabric8 leaves to its HTTP client's interceptors; kubectl reads it
 * on every request, a CLI run once.
 */
final class TokenFiles {

  private TokenFiles() {
  }

  /** The token in the current user's tokenFile, or null when it names none. */
  static String read(Config config, Path explicitKubeconfig) {
    var context = config.getCurrentContext();
    if (context == null || context.getContext() == null || context.getContext().getUser() == null) {
      return null;
    }
    var file = config.getFileWithAuthInfo() != null ? config.getFileWithAuthInfo()
        : explicitKubeconfig == null ? null : explicitKubeconfig.toFile();
    if (file == null || !file.isFile()) {
      return null;
    }
    var user = context.getContext().getUser();
    var kubeconfig = KubeConfigUtils.parseConfig(file);
    if (kubeconfig.getUsers() == null) {
      return null;
    }
    var tokenFile = kubeconfig.getUsers().stream().filter(named -> user.equals(named.getName()))
        .map(named -> named.getUser() == null ? null : named.getUser().getTokenFile())
        .filter(name -> name != null && !name.isBlank()).findFirst().orElse(null);
    if (tokenFile == null) {
      return null;
    }
    var path = resolve(file, tokenFile);
    try {
      return Files.readString(path, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new KubeconfigException("cannot read the token file " + path + " of user " + user, e);
    }
  }

  /** Relative paths in a kubeconfig are relative to the kubeconfig's directory, as kubectl takes them. */
  private static Path resolve(File kubeconfig, String name) {
    var path = Path.of(name);
    return path.isAbsolute() || kubeconfig.getParentFile() == null ? path
        : kubeconfig.getParentFile().toPath().resolve(path);
  }
}
