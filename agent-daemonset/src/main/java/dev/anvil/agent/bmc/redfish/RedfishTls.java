package dev.anvil.agent.bmc.redfish;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * How the client checks a BMC's certificate: against the endpoint's CA bundle when it has one, else the JVM's
 * trust store, always with hostname verification; no check at all only when the endpoint opted out. Public so the
 * BMC benchmark's raw-HTTP ceiling and the console relay's {@code wss://} VNC speak exactly the client's TLS.
 */
public final class RedfishTls {

  private RedfishTls() {
  }

  /** Configures the builder's TLS for the endpoint; TLS when the CA bundle holds no usable certificate. */
  public static OkHttpClient.Builder configure(OkHttpClient.Builder builder, BmcEndpoint endpoint) throws BmcException {
    var trust = trustManager(endpoint);
    if (trust == null) {
      return builder;
    }
    builder.sslSocketFactory(context(trust).getSocketFactory(), trust);
    return endpoint.insecureSkipVerify() ? builder.hostnameVerifier((host, session) -> true) : builder;
  }

  /**
   * The TLS context for the endpoint, for clients other than OkHttp (the JDK's HTTP client and WebSocket); the JVM's
   * default context when the endpoint has neither a CA bundle nor opted out. With {@code insecureSkipVerify} the
   * trust manager skips the hostname check too: the JDK leaves it to an extended trust manager.
   */
  public static SSLContext sslContext(BmcEndpoint endpoint) throws BmcException {
    var trust = trustManager(endpoint);
    if (trust == null) {
      try {
        return SSLContext.getDefault();
      } catch (GeneralSecurityException e) {
        throw new BmcException(Kind.TLS, "the JVM has no default TLS context: " + e.getMessage(), e);
      }
    }
    return context(trust);
  }

  /** The endpoint's trust manager, or null for the JVM's trust store. */
  private static X509TrustManager trustManager(BmcEndpoint endpoint) throws BmcException {
    try {
      if (endpoint.insecureSkipVerify()) {
        return new TrustEverything();
      }
      if (endpoint.caBundlePem() != null && !endpoint.caBundlePem().isBlank()) {
        return trusting(endpoint.caBundlePem());
      }
      return null;
    } catch (GeneralSecurityException | IOException e) {
      throw new BmcException(Kind.TLS, "the BMC's CA bundle is not usable PEM: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trusting(String pem) throws GeneralSecurityException, IOException {
    var certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in it");
    }
    var store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    var index = 0;
    for (var certificate : certificates) {
      store.setCertificateEntry("ca-" + index++, certificate);
    }
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (var manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JVM offers no X.509 trust manager");
  }

  private static SSLContext context(X509TrustManager trust) throws BmcException {
    try {
      var context = SSLContext.getInstance("TLS");
      context.init(null, new X509TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new BmcException(Kind.TLS, "the JVM cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Accepts any certificate; extended so the JDK adds no checks of its own around it. */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
