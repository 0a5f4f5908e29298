package dev.anvil.apiserver.kube;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, pointed at a server through a kubeconfig of its own (the test CA, an API key). */
final class Kubectl {

  /** What a finished kubectl printed. */
  record Result(int exitCode, String out, String err) {
  }

  private final Path home;
  private final Path kubeconfig;

  private Kubectl(Path home, Path kubeconfig) {
    this.home = home;
    this.kubeconfig = kubeconfig;
  }

  /** kubectl pointed at {@code server}, trusting its test CA and sending its API key. */
  static Kubectl pointedAt(ApiServerWithEmbeddedKube server, Path home) throws IOException {
    var kubeconfig = home.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: anvil
          cluster: {server: "%s", certificate-authority: "%s"}
        users:
        - name: someone
          user: {token: "%s"}
        contexts:
        - name: anvil
          context: {cluster: anvil, user: someone, namespace: default}
        current-context: anvil
        """.formatted(server.url(), ApiServerWithEmbeddedKube.TLS.caPem(), ApiServerWithEmbeddedKube.TOKEN));
    return new Kubectl(home, kubeconfig);
  }

  /** Runs kubectl to the end (at most a minute, the machine may be loaded). */
  Result run(String... args) {
    var process = start(args);
    try {
      var out = drain(process.getInputStream());
      var err = drain(process.getErrorStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not end within a minute");
      }
      return new Result(process.exitValue(), new String(out.join(), UTF_8), new String(err.join(), UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    }
  }

  /** Starts kubectl and leaves it running (for {@code get -w} and {@code wait}); the caller ends it. */
  Process start(String... args) {
    var command = new ArrayList<>(List.of("kubectl", "--kubeconfig=" + kubeconfig, "--cache-dir="
        + home.resolve("cache")));
    command.addAll(List.of(args));
    var builder = new ProcessBuilder(command);
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static java.util.concurrent.CompletableFuture<byte[]> drain(InputStream in) {
    return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try (in) {
        var bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
