package dev.anvil.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubeconfig as connection settings: server, namespace, credentials of every kind, and the TLS trust. */
class KubeconfigReaderTest {

  @TempDir
  Path dir;

  @Test
  void theCurrentContextGivesServerNamespaceAndToken() throws IOException {
    var connection = KubeconfigReader.read(kubeconfig("https://anvil.example:6443/", "user: {token: abc123}",
        "namespace: team-a"), null, null);

    assertThat(connection.server()).hasToString("https://anvil.example:6443");
    assertThat(connection.namespace()).isEqualTo("team-a");
    assertThat(connection.authorization()).isEqualTo("Bearer abc123");
    assertThat(connection.toString()).doesNotContain("abc123");
  }

  @Test
  void dashNWinsAndNoNamespaceMeansDefault() throws IOException {
    var withNamespace = kubeconfig("https://a:6443", "user: {token: t}", "namespace: team-a");
    var without = kubeconfig("https://a:6443", "user: {token: t}", "");

    assertThat(KubeconfigReader.read(withNamespace, null, "ci").namespace()).isEqualTo("ci");
    assertThat(KubeconfigReader.read(without, null, null).namespace()).isEqualTo("default");
  }

  @Test
  void aNamedContextIsUsedAndAnUnknownOneRefused() throws IOException {
    var path = Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        current-context: one
        contexts:
        - {name: one, context: {cluster: c1, user: u1}}
        - {name: two, context: {cluster: c2, user: u2, namespace: second}}
        clusters:
        - {name: c1, cluster: {server: "https://one:6443"}}
        - {name: c2, cluster: {server: "https://two:6443"}}
        users:
        - {name: u1, user: {token: first}}
        - {name: u2, user: {username: admin, password: secret}}
        """);

    var two = KubeconfigReader.read(path, "two", null);

    assertThat(two.server()).hasToString("https://two:6443");
    assertThat(two.namespace()).isEqualTo("second");
    assertThat(two.authorization()).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(() -> KubeconfigReader.read(path, "three", null))
        .isInstanceOf(KubeconfigException.class).hasMessage("context \"three\" does not exist in the kubeconfig");
  }

  @Test
  void aTokenFileIsReadRelativeToTheKubeconfig() throws IOException {
    Files.writeString(dir.resolve("token"), "from-file\n");

    var connection = KubeconfigReader.read(kubeconfig("https://a:6443", "user: {tokenFile: token}", ""), null, null);

    assertThat(connection.authorization()).isEqualTo("Bearer from-file");
  }

  @Test
  void anExecCredentialPluginGivesTheToken() throws IOException {
    var plugin = Files.writeString(dir.resolve("credential-plugin.sh"), """
        #!/bin/sh
        echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-token"}}'
        """);
    assertThat(plugin.toFile().setExecutable(true)).isTrue();

    var connection = KubeconfigReader.read(kubeconfig("https://a:6443", """
        user:
            exec: {apiVersion: client.authentication.k8s.io/v1, command: %s, interactiveMode: Never}""".formatted(plugin),
        ""), null, null);

    assertThat(connection.authorization()).isEqualTo("Bearer exec-token");
  }

  @Test
  void aMissingKubeconfigIsSaidPlainly() {
    assertThatThrownBy(() -> KubeconfigReader.read(dir.resolve("nope"), null, null))
        .isInstanceOf(KubeconfigException.class).hasMessageContaining("cannot read the kubeconfig");
  }

  @Test
  void theClustersCaIsTrustedAndNothingElse() throws Exception {
    var keystore = selfSigned();
    var server = httpsServer(keystore);
    try {
      var url = "https://127.0.0.1:" + server.getAddress().getPort();
      var ca = Base64.getEncoder().encodeToString(exportPem(keystore).getBytes(StandardCharsets.US_ASCII));
      var trusting = KubeconfigReader.read(kubeconfig(url, "user: {token: t}", "", "certificate-authority-data: " + ca),
          null, null);
      var insecure = KubeconfigReader.read(kubeconfig(url, "user: {token: t}", "", "insecure-skip-tls-verify: true"),
          null, null);
      var systemTrust = KubeconfigReader.read(kubeconfig(url, "user: {token: t}", ""), null, null);

      assertThat(new ApiClient(trusting).getJson("/version")).containsEntry("gitVersion", "v1.34.0");
      assertThat(new ApiClient(insecure).getJson("/version")).containsEntry("gitVersion", "v1.34.0");
      assertThatThrownBy(() -> new ApiClient(systemTrust).getJson("/version")).isInstanceOf(ApiException.class)
          .hasMessageStartingWith("cannot reach the apiserver at " + url);
    } finally {
      server.stop(0);
    }
  }

  private Path kubeconfig(String server, String user, String namespace, String... clusterFields) throws IOException {
    var cluster = new StringBuilder("server: \"" + server + "\"");
    for (var field : clusterFields) {
      cluster.append("\n      ").append(field);
    }
    return Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        current-context: dev
        contexts:
        - name: dev
          context:
            cluster: anvil
            user: alice
            %s
        clusters:
        - name: anvil
          cluster:
              %s
        users:
        - name: alice
          %s
        """.formatted(namespace, cluster, user));
  }

  private Path selfSigned() throws Exception {
    var keystore = dir.resolve("server.p12");
    run("keytool", "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=anvil-test", "-ext", "san=ip:127.0.0.1", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit");
    return keystore;
  }

  private String exportPem(Path keystore) throws Exception {
    var pem = dir.resolve("ca.pem");
    run("keytool", "-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-file", pem.toString());
    return Files.readString(pem);
  }

  private static HttpsServer httpsServer(Path keystore) throws Exception {
    var keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      keys.load(in, "changeit".toCharArray());
    }
    var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, "changeit".toCharArray());
    var tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/version", exchange -> {
      var body = "{\"gitVersion\":\"v1.34.0\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static void run(String... command) throws Exception {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
