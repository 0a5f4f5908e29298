package dev.anvil.apiserver.console;

import dev.anvil.apiserver.security.ConsoleCallers;
import dev.anvil.apiserver.security.ConsoleSocketPaths;
import dev.anvil.apiserver.security.DelegatedTokens;
import dev.anvil.apiserver.security.KubeStatus;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Decides at the handshake whether a console WebSocket opens, answering as kube-apiserver would when it does not:
 * 401 without a valid token, 403 when the caller may not, 404 for an unknown host, 400 for a bad query or a host
 * without that console, 409 for a host no agent serves yet, 503 when its agent is not connected.
 */
final class ConsoleHandshake implements HandshakeInterceptor {

  /** The subprotocol prefix carrying a bearer token, as kube-apiserver accepts from browsers. */
  static final String BEARER_PROTOCOL = "base64url.bearer.authorization.k8s.io.";

  private final ConsoleCallers callers;
  private final KubernetesClient kubernetes;
  private final ViewerChannels channels;

  ConsoleHandshake(ConsoleCallers callers, KubernetesClient kubernetes, ViewerChannels channels) {
    this.callers = callers;
    this.kubernetes = kubernetes;
    this.channels = channels;
  }

  @Override
  public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Map<String, Object> attributes) throws IOException {
    var path = ConsoleSocketPaths.parse(request.getURI().getRawPath());
    if (path == null) {
      return refuse(response, KubeStatus.failure(404, "NotFound", "the server could not find the requested resource",
          null));
    }
    try {
      var user = callers.authorize(token(request.getHeaders()), path.namespace(), path.host(), path.action());
      attributes.put(ConsoleTarget.ATTRIBUTE, target(request, path, user));
      return true;
    } catch (ConsoleCallers.RefusedException e) {
      return refuse(response, e.status());
    } catch (ConsoleRefusal e) {
      return refuse(response, e.status);
    }
  }

  private ConsoleTarget target(ServerHttpRequest request, ConsoleSocketPaths.Target path, String user) {
    var query = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams();
    var mode = query.getFirst("mode");
    if (mode != null && !mode.equals("read") && !mode.equals("write")) {
      throw refused(400, "BadRequest", "mode must be read or write, was \"" + mode + "\"");
    }
    var takeOver = query.getFirst("takeOver");
    if (takeOver != null && !takeOver.equals("true") && !takeOver.equals("false")) {
      throw refused(400, "BadRequest", "takeOver must be true or false, was \"" + takeOver + "\"");
    }
    var host = host(path);
    var vnc = path.action() == DelegatedTokens.Action.VNC;
    var console = host.getSpec() == null ? null : host.getSpec().getConsole();
    if (vnc && (console == null || console.getVnc() == null || console.getVnc().isEmpty())) {
      throw refused(400, "BadRequest", "bmchosts.anvil.dev \"" + path.host() + "\" has no VNC console: set "
          + "spec.console.vnc to its vnc://, ws:// or wss:// endpoint");
    }
    var agent = host.getStatus() == null ? null : host.getStatus().getAgent();
    if (agent == null || agent.isEmpty()) {
      throw refused(409, "Conflict", "bmchosts.anvil.dev \"" + path.host() + "\" is not served by an agent yet "
          + "(status.agent is empty): no agent of datacenter \"" + host.getSpec().getDatacenter()
          + "\" has taken it");
    }
    if (!agentConnected(agent)) {
      throw refused(503, "ServiceUnavailable", "agent \"" + agent + "\" serving bmchosts.anvil.dev \"" + path.host()
          + "\" is not connected to any apiserver replica");
    }
    var write = !"read".equals(mode);
    return new ConsoleTarget(path.namespace(), path.host(), host.getMetadata().getUid(), agent,
        vnc ? ConsoleKind.VNC : ConsoleKind.SERIAL, user, write, write && "true".equals(takeOver));
  }

  private BmcHost host(ConsoleSocketPaths.Target path) {
    BmcHost host;
    try {
      host = kubernetes.resources(BmcHost.class).inNamespace(path.namespace()).withName(path.host()).get();
    } catch (KubernetesClientException e) {
      throw refused(503, "ServiceUnavailable", "the Kubernetes API is unavailable: HTTP " + e.getCode());
    }
    if (host == null) {
      throw new ConsoleRefusal(KubeStatus.failure(404, "NotFound", "bmchosts.anvil.dev \"" + path.host()
          + "\" not found", new StatusDetailsBuilder().withName(path.host()).withGroup("anvil.dev")
          .withKind("bmchosts").build()));
    }
    return host;
  }

  private boolean agentConnected(String agent) {
    try {
      return channels.agentConnected(agent).get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw refused(503, "ServiceUnavailable", "the console relay (Redis) is unavailable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw refused(503, "ServiceUnavailable", "interrupted");
    }
  }

  /** The bearer token of an Authorization header, else of a {@value #BEARER_PROTOCOL} subprotocol. */
  static String token(HttpHeaders headers) {
    var authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    for (var offered : headers.getOrEmpty("Sec-WebSocket-Protocol")) {
      for (var protocol : offered.split(",")) {
        var value = protocol.strip();
        if (value.startsWith(BEARER_PROTOCOL)) {
          try {
            return new String(Base64.getUrlDecoder().decode(value.substring(BEARER_PROTOCOL.length())),
                StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return "";
          }
        }
      }
    }
    return null;
  }

  private static ConsoleRefusal refused(int code, String reason, String message) {
    return new ConsoleRefusal(KubeStatus.failure(code, reason, message, null));
  }

  private static boolean refuse(ServerHttpResponse response, Status status) throws IOException {
    response.setStatusCode(HttpStatusCode.valueOf(status.getCode()));
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getBody().write(KubeStatus.json(status).getBytes(StandardCharsets.UTF_8));
    return false;
  }

  @Override
  public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Exception exception) {
  }

  /** A handshake answered with {@code status} instead of an upgrade. */
  private static final class ConsoleRefusal extends RuntimeException {
    private final transient Status status;

    ConsoleRefusal(Status status) {
      super(status.getMessage());
      this.status = status;
    }
  }
}
