package dev.anvil.apiserver.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Decides whether an authenticated caller may do something to a resource, as the cluster's RBAC would; which rule
 * decides is {@code anvil.authz.mode}.
 */
public interface Authorizer {

  /**
   * Whether {@code caller} may {@code verb} the resource.
   *
   * @throws AuthorizationUnavailableException when the deciding party cannot be asked (answered 503)
   */
  boolean allowed(Authentication caller, ResourceAccess access);

  /** {@link #allowed(Authentication, ResourceAccess)} spelled as a SubjectAccessReview's attributes. */
  default boolean allowed(Authentication caller, String verb, String group, String resource, String subresource,
      String namespace, String name) {
    return allowed(caller, new ResourceAccess(verb, group, resource, subresource, namespace, name));
  }

  /**
   * Throws {@link ForbiddenException} (403 with kube-apiserver's message) unless the current request's caller may do
   * this; the routes' one-line guard.
   */
  default void check(String verb, String group, String resource, String subresource, String namespace, String name) {
    var caller = SecurityContextHolder.getContext().getAuthentication();
    var access = new ResourceAccess(verb, group, resource, subresource, namespace, name);
    if (caller == null || !caller.isAuthenticated() || !allowed(caller, access)) {
      throw new ForbiddenException(caller == null ? "system:anonymous" : caller.getName(), access);
    }
  }

  /** The deciding party (the Kubernetes API) did not answer; the request may be retried. */
  final class AuthorizationUnavailableException extends RuntimeException {
    public AuthorizationUnavailableException(String message) {
      super(message);
    }
  }
}
