package dev.anvil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes kubeconfig files for tests: context {@code dev} (namespace team-a, token abc123) and {@code other}. */
final class TestKubeconfig {

  static final String TOKEN = "abc123";

  private TestKubeconfig() {
  }

  static Path write(Path dir, String server) throws IOException {
    return write(dir, "config", """
        apiVersion: v1
        kind: Config
        current-context: dev
        contexts:
        - name: dev
          context: {cluster: anvil, user: alice, namespace: team-a}
        - name: other
          context: {cluster: anvil, user: bob}
        clusters:
        - name: anvil
          cluster: {server: "%s"}
        users:
        - name: alice
          user: {token: %s}
        - name: bob
          user: {tokenFile: %s}
        """.formatted(server, TOKEN, dir.resolve("bob-token")));
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Files.writeString(dir.resolve("bob-token"), "bobs-token\n");
    return Files.writeString(dir.resolve(name), text);
  }
}
