package dev.anvil.cli.kube;

import java.net.URI;
import javax.net.ssl.SSLContext;

/**
 * Where the Anvil apiserver is and how to prove who we are to it, as the kubeconfig's current (or chosen) context says.
 *
 * @param server        the cluster's server URL, without a trailing slash
 * @param sslContext    trusts the cluster's CA (or anything, with insecure-skip-tls-verify) and carries the client
 *                      certificate, if the user has one
 * @param authorization the {@code Authorization} header value (bearer token or basic), or null for none
 * @param namespace     the namespace commands work in: {@code -n}, else the context's, else {@code default}
 */
public record Connection(URI server, SSLContext sslContext, String authorization, String namespace) {

  /** The credentials never reach a message or a log. */
  @Override
  public String toString() {
    return "Connection[server=" + server + ", namespace=" + namespace + ", authorization="
        + (authorization == null ? "none" : authorization.substring(0, authorization.indexOf(' ')) + " ***") + "]";
  }
}
