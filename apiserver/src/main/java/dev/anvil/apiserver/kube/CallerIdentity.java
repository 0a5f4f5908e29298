package dev.anvil.apiserver.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who the backing Kubernetes API sees: the authenticated caller (impersonated, so the cluster's RBAC decides) when
 * {@code anvil.kube.impersonate} is on and Spring Security holds an {@code Authentication}, else the apiserver itself.
 *
 * <p>The contract with the security filter chain: the principal's name is the user, every authority named
 * {@code GROUP_<name>} is a group.
 */
public final class CallerIdentity {

  /** Authorities with this prefix are the caller's groups. */
  public static final String GROUP_PREFIX = "GROUP_";

  private final KubernetesClient client;
  private final boolean impersonate;

  public CallerIdentity(KubernetesClient client, boolean impersonate) {
    this.client = client;
    this.impersonate = impersonate;
  }

  /** The impersonation of the current request's caller, or empty to act as the apiserver. */
  public Optional<RequestConfig> impersonation() {
    if (!impersonate) {
      return Optional.empty();
    }
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return Optional.empty();
    }
    var groups = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
        .filter(authority -> authority != null && authority.startsWith(GROUP_PREFIX))
        .map(authority -> authority.substring(GROUP_PREFIX.length())).toArray(String[]::new);
    return Optional.of(new RequestConfigBuilder().withImpersonateUsername(authentication.getName())
        .withImpersonateGroups(groups).build());
  }

  /**
   * A client acting as the current caller, for the Fabric8 DSL (watches). It shares the apiserver's connections; it
   * is not closed, since closing it would close them.
   */
  public KubernetesClient client() {
    return impersonation().map(config -> client.newClient(config).adapt(KubernetesClient.class)).orElse(client);
  }

  /** Adds the caller's impersonation headers to a raw request made with the apiserver's own client. */
  public HttpRequest.Builder apply(HttpRequest.Builder request) {
    impersonation().ifPresent(config -> {
      request.header("Impersonate-User", config.getImpersonateUsername());
      for (var group : config.getImpersonateGroups()) {
        request.header("Impersonate-Group", group);
      }
    });
    return request;
  }
}
