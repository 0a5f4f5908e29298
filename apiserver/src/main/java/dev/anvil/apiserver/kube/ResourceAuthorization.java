package dev.anvil.apiserver.kube;

import dev.anvil.apiserver.security.Authorizer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authorises every kubectl route on the Kubernetes attributes of its request, as kube-apiserver's RequestInfo does:
 * verb from method and path ({@code get}/{@code list}/{@code watch}/{@code create}/{@code update}/{@code patch}/
 * {@code delete}/{@code deletecollection}), resource, subresource, namespace, name. So in front of the embedded API,
 * too, a namespace's users see and touch only their namespace. Subresources with a guard of their own are left to it.
 */
final class ResourceAuthorization implements HandlerInterceptor {

  /** Routes that check the caller themselves (with their own verb and subresource). */
  private static final Set<String> SELF_GUARDED = Set.of("log", "consoletoken", "console", "vnc");

  /**
   * Namespace-wide collections of a subresource, such as {@code .../namespaces/{ns}/deadletters}: authorised as
   * {@code list} of that subresource, so one RBAC rule on {@code workflows/deadletters} grants both routes.
   */
  private static final Map<String, String[]> SUBRESOURCE_COLLECTIONS = Map.of(
      "deadletters", new String[] {"workflows", "deadletters"});

  private final Authorizer authorizer;

  ResourceAuthorization(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    var path = request.getRequestURI().substring(request.getContextPath().length());
    var attributes = RequestAttributes.of(request.getMethod(), path, request.getParameter("watch"));
    if (attributes != null && !SELF_GUARDED.contains(attributes.subresource())) {
      authorizer.check(attributes.verb(), attributes.group(), attributes.resource(), attributes.subresource(),
          attributes.namespace(), attributes.name());
    }
    return true;
  }

  /** The Kubernetes attributes of one request to a resource path. */
  record RequestAttributes(String verb, String group, String resource, String subresource, String namespace,
      String name) {

    /** Parses {@code /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/<sub>]]} or {@code /api/v1/...}. */
    static RequestAttributes of(String method, String path, String watch) {
      var parts = path.replaceAll("^/+|/+$", "").split("/");
      int i;
      String group;
      if (parts.length >= 3 && parts[0].equals("apis")) {
        group = parts[1];
        i = 3;
      } else if (parts.length >= 2 && parts[0].equals("api")) {
        group = "";
        i = 2;
      } else {
        return null;
      }
      String namespace = "";
      if (parts.length > i + 1 && parts[i].equals("namespaces")) {
        namespace = parts[i + 1];
        i += 2;
        if (parts.length == i) {
          return new RequestAttributes(verb(method, true, watch), group, "namespaces", "", "", namespace);
        }
      }
      if (parts.length <= i) {
        return null; // discovery
      }
      var resource = parts[i];
      var name = parts.length > i + 1 ? parts[i + 1] : "";
      var subresource = parts.length > i + 2 ? parts[i + 2] : "";
      var collection = SUBRESOURCE_COLLECTIONS.get(resource);
      if (collection != null && name.isEmpty() && !namespace.isEmpty()) {
        return new RequestAttributes(verb(method, false, watch), group, collection[0], collection[1], namespace, "");
      }
      return new RequestAttributes(verb(method, !name.isEmpty(), watch), group, resource, subresource, namespace,
          name);
    }

    private static String verb(String method, boolean named, String watch) {
      boolean watching = "true".equals(watch) || "1".equals(watch);
      return switch (method) {
        case "POST" -> "create";
        case "PUT" -> "update";
        case "PATCH" -> "patch";
        case "DELETE" -> named ? "delete" : "deletecollection";
        default -> watching ? "watch" : named ? "get" : "list";
      };
    }
  }
}
