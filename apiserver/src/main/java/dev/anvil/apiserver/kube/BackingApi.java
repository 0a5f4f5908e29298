package dev.anvil.apiserver.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Forwards one request to the backing Kubernetes API (a real cluster or the embedded mock) with the apiserver's
 * Fabric8 client, as the current caller: path and query as kubectl sent them, the answer's code and body as they
 * come back.
 */
public final class BackingApi {

  /** The backing API's answer. */
  public record Response(int code, byte[] body, List<String> warnings) {

    public boolean ok() {
      return code >= 200 && code < 300;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static final long TIMEOUT_SECONDS = 60;

  private final KubernetesClient client;
  private final CallerIdentity identity;
  private final String base;

  public BackingApi(KubernetesClient client, CallerIdentity identity) {
    this.client = client;
    this.identity = identity;
    var master = client.getMasterUrl().toString();
    this.base = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
  }

  /**
   * Sends {@code method path?query} with an optional body.
   *
   * @param query the raw query string (already encoded), or null
   */
  public Response send(String method, String path, String query, String contentType, byte[] body) {
    var http = client.getHttpClient();
    var request = http.newHttpRequestBuilder().uri(base + path + (query == null || query.isEmpty() ? "" : "?" + query))
        .setHeader("Accept", "application/json");
    if (body == null) {
      request.method(method, null, null);
    } else {
      request.method(method, contentType, new java.io.ByteArrayInputStream(body), (long) body.length);
    }
    identity.apply(request);
    try {
      var response = http.sendAsync(request.build(), byte[].class).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      var bytes = response.body() == null ? new byte[0] : response.body();
      return new Response(response.code(), bytes, response.headers("Warning"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiStatusException.unavailable("interrupted while calling the Kubernetes API");
    } catch (ExecutionException | TimeoutException e) {
      throw ApiStatusException.unavailable("the Kubernetes API did not answer: " + e.getClass().getSimpleName());
    }
  }
}
