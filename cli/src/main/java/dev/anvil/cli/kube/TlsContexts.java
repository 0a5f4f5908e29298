package dev.anvil.cli.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.net.Socket;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the SSLContext a kubeconfig asks for: its CA (or none checked), its client certificate and key. */
final class TlsContexts {

  private TlsContexts() {
  }

  static SSLContext of(Config config) {
    try {
      var trust = config.isTrustCerts() ? new TrustManager[] {new TrustingAnything()} : SSLUtils.trustManagers(config);
      var keys = SSLUtils.keyManagers(config);
      var context = SSLContext.getInstance("TLS");
      context.init(keys, trust, new SecureRandom());
      return context;
    } catch (Exception e) {
      throw new KubeconfigException("the kubeconfig's certificates cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * insecure-skip-tls-verify: an extended trust manager, so that JSSE skips the host name check too (it adds one
   * around a plain X509TrustManager).
   */
  private static final class TrustingAnything extends X509ExtendedTrustManager {

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
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
