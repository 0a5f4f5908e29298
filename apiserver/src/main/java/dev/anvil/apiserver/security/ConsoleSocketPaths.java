package dev.anvil.apiserver.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/** The paths of the console and VNC WebSockets, {@code .../namespaces/<ns>/bmchosts/<name>/console|vnc}. */
public final class ConsoleSocketPaths {

  /** For the WebSocket handler mapping. */
  public static final String[] PATTERNS = {
      "/apis/anvil.dev/v1alpha1/namespaces/*/bmchosts/*/console",
      "/apis/anvil.dev/v1alpha1/namespaces/*/bmchosts/*/vnc"};

  private static final Pattern PATH =
      Pattern.compile("^/apis/anvil\\.dev/v1alpha1/namespaces/([^/]+)/bmchosts/([^/]+)/(console|vnc)/?$");

  /** A console path's parts. */
  public record Target(String namespace, String host, DelegatedTokens.Action action) {
  }

  private ConsoleSocketPaths() {
  }

  public static boolean matches(HttpServletRequest request) {
    return parse(request.getRequestURI().substring(request.getContextPath().length())) != null;
  }

  /** The parts of {@code path}, or null when it is not a console path. */
  public static Target parse(String path) {
    var matcher = PATH.matcher(path);
    if (!matcher.matches()) {
      return null;
    }
    return new Target(matcher.group(1), matcher.group(2), DelegatedTokens.Action.parse(matcher.group(3)));
  }
}
