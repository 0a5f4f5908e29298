package dev.anvil.apiserver.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The booted apiserver and the real kubectl pointed at it, for all tests of a class:
 * {@code @RegisterExtension static final KubectlFixture KUBE = new KubectlFixture();} (arguments go to the apiserver).
 */
final class KubectlFixture implements BeforeAllCallback, AfterAllCallback {

  private final String[] serverArgs;
  private Path home;
  private ApiServerWithEmbeddedKube server;
  private Kubectl kubectl;

  KubectlFixture(String... serverArgs) {
    this.serverArgs = serverArgs;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    home = Files.createTempDirectory("kubectl-home");
    server = ApiServerWithEmbeddedKube.start(serverArgs);
    kubectl = Kubectl.pointedAt(server, home);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
    }
    try (var files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  ApiServerWithEmbeddedKube server() {
    return server;
  }

  Kubectl kubectl() {
    return kubectl;
  }

  /** kubectl's home, a scratch directory for the test's files too. */
  Path home() {
    return home;
  }
}
