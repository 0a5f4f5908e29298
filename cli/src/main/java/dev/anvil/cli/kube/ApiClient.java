package dev.anvil.cli.kube;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/** The few HTTP and WebSocket calls the commands make to the Anvil apiserver, with the kubeconfig's credentials. */
public final class ApiClient {

  /** The path of the group's resources. */
  public static final String GROUP_PATH = "/apis/anvil.dev/v1alpha1";

  private final Connection connection;
  private final HttpClient http;

  public ApiClient(Connection connection) {
    this.connection = connection;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(connection.sslContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  public Connection connection() {
    return connection;
  }

  /** The path of a resource (or a subresource, given {@code more}) in the connection's namespace. */
  public String path(String plural, String name, String... more) {
    var path = new StringBuilder(GROUP_PATH).append("/namespaces/").append(segment(connection.namespace()))
        .append('/').append(plural);
    if (name != null) {
      path.append('/').append(segment(name));
    }
    for (var part : more) {
      path.append('/').append(part);
    }
    return path.toString();
  }

  /** GET, answered with JSON, as a map. */
  public Map<String, Object> getJson(String path) {
    return parse(send(request(path, Map.of()).GET().build()));
  }

  /** POST a JSON body, the answer's JSON as a map. */
  public Map<String, Object> postJson(String path, Map<String, ?> body) {
    var request = request(path, Map.of()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Serialization.asJson(body))).build();
    return parse(send(request));
  }

  /** GET, copying the answer to {@code out} as it arrives (a followed log ends only when the server ends it). */
  public void stream(String path, Map<String, String> query, OutputStream out) {
    var request = request(path, query).GET().build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() >= 300) {
          throw StatusMessages.error(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        var buffer = new byte[8192];
        for (int n; (n = body.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted", e);
    }
  }

  /** Opens a WebSocket to a path of the apiserver ({@code wss://} for an {@code https://} server). */
  public WebSocket webSocket(String path, Map<String, String> query, String subprotocol, WebSocket.Listener listener) {
    var base = connection.server().toString().replaceFirst("^http", "ws");
    var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (connection.authorization() != null) {
      builder.header("Authorization", connection.authorization());
    }
    if (subprotocol != null) {
      builder.subprotocols(subprotocol);
    }
    try {
      return builder.buildAsync(URI.create(base + path + queryString(query)), listener).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        var response = refused.getResponse();
        var body = response.body() instanceof String text ? text
            : response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : "";
        throw StatusMessages.error(response.statusCode(), body);
      }
      throw unreachable(e.getCause() == null ? e : e.getCause());
    }
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    var builder = HttpRequest.newBuilder(URI.create(connection.server() + path + queryString(query)))
        .header("Accept", "application/json, */*");
    if (connection.authorization() != null) {
      builder.header("Authorization", connection.authorization());
    }
    return builder;
  }

  private String send(HttpRequest request) {
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw StatusMessages.error(response.statusCode(), response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String body) {
    if (body == null || body.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      Map<String, Object> parsed = Serialization.unmarshal(body, Map.class);
      return parsed == null ? new LinkedHashMap<>() : parsed;
    } catch (RuntimeException e) {
      throw new ApiException("the apiserver's answer is not JSON: " + StatusMessages.message(body), e);
    }
  }

  private ApiException unreachable(Throwable e) {
    var why = e instanceof ConnectException ? "connection refused"
        : e instanceof HttpConnectTimeoutException ? "timed out connecting"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new ApiException("cannot reach the apiserver at " + connection.server() + ": " + why, e);
  }

  private static String queryString(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    return query.entrySet().stream().map(e -> segment(e.getKey()) + "=" + segment(e.getValue()))
        .collect(Collectors.joining("&", "?", ""));
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
