package dev.anvil.apiserver.security;

import io.fabric8.kubernetes.api.model.Status;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Who opens a console or VNC WebSocket: a delegated token minted for that host and action, or any bearer token the
 * API accepts whose caller may {@code create bmchosts/console} (or {@code bmchosts/vnc}) there. Decided at the
 * handshake, since a browser cannot send an Authorization header with a WebSocket.
 */
public final class ConsoleCallers {

  private final DelegatedTokens delegated;
  private final BearerAuthenticationManager bearer;
  private final Authorizer authorizer;

  ConsoleCallers(DelegatedTokens delegated, BearerAuthenticationManager bearer, Authorizer authorizer) {
    this.delegated = delegated;
    this.bearer = bearer;
    this.authorizer = authorizer;
  }

  /** Why the WebSocket is refused, as the Kubernetes Status to answer the handshake with. */
  public static final class RefusedException extends RuntimeException {
    private final transient Status status;

    RefusedException(Status status) {
      super(status.getMessage());
      this.status = status;
    }

    public Status status() {
      return status;
    }
  }

  /**
   * The user opening {@code action} on BmcHost {@code namespace/host} with {@code token} (null when none was sent).
   *
   * @throws RefusedException 401 without a valid token, 403 when the caller may not, 503 when authorisation
   *     cannot be asked
   */
  public String authorize(String token, String namespace, String host, DelegatedTokens.Action action) {
    if (token == null || token.isEmpty()) {
      throw unauthorized("a bearer token is required: an Authorization header, or the WebSocket subprotocol "
          + "base64url.bearer.authorization.k8s.io.<token>");
    }
    if (DelegatedTokens.looksDelegated(token)) {
      try {
        return delegated.verify(token, namespace, host, action).user();
      } catch (DelegatedTokens.InvalidTokenException e) {
        throw unauthorized("delegated token refused: " + e.getMessage());
      }
    }
    org.springframework.security.core.Authentication caller;
    try {
      caller = bearer.authenticate(new BearerTokenAuthenticationToken(token));
    } catch (AuthenticationException e) {
      throw unauthorized(e.getMessage());
    }
    var access = new ResourceAccess("create", "anvil.dev", "bmchosts", action.value(), namespace, host);
    try {
      if (!authorizer.allowed(caller, access)) {
        throw new RefusedException(new ForbiddenException(caller.getName(), access).status());
      }
    } catch (Authorizer.AuthorizationUnavailableException e) {
      throw new RefusedException(KubeStatus.failure(503, "ServiceUnavailable", e.getMessage(), null));
    }
    return caller.getName();
  }

  private static RefusedException unauthorized(String message) {
    return new RefusedException(KubeStatus.failure(401, "Unauthorized", "Unauthorized: " + message, null));
  }
}
