package dev.anvil.apiserver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code 127.0.0.1}, made with the JDK's {@code keytool}: the apiserver's REST port
 * must speak TLS for kubectl, which sends no bearer token over plain HTTP.
 *
 * @param caPem      the certificate, for {@code kubectl --certificate-authority}
 * @param sslContext trusts only that certificate, for the JDK HTTP client
 */
public record TestTls(Path keyStore, String password, Path caPem, SSLContext sslContext) {

  public static TestTls create() {
    try {
      var dir = Files.createTempDirectory("anvil-tls-");
      var keyStore = dir.resolve("apiserver.p12");
      var caPem = dir.resolve("ca.pem");
      var password = "test-only";
      keytool("-genkeypair", "-alias", "apiserver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
          "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
          "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
      keytool("-exportcert", "-rfc", "-alias", "apiserver", "-keystore", keyStore.toString(), "-storepass", password,
          "-file", caPem.toString());
      var store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, password.toCharArray());
      }
      var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      var context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return new TestTls(keyStore, password, caPem, context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Spring Boot arguments that serve the REST port with this certificate. */
  public List<String> serverArgs() {
    return List.of("--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-password=" + password,
        "--server.ssl.key-store-type=PKCS12");
  }

  private static void keytool(String... args) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes());
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
