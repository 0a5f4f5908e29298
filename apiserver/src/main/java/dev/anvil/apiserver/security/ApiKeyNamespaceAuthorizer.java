package dev.anvil.apiserver.security;

import java.util.List;
import org.springframework.security.core.Authentication;

/**
 * For a platform whose Kubernetes API cannot answer SubjectAccessReviews (the embedded mock API): an API key may do
 * what its Secret entry's {@code namespaces} and {@code verbs} say; a member of {@code anvil.authz.admin-groups} may
 * do everything; every other caller nothing.
 */
public final class ApiKeyNamespaceAuthorizer implements Authorizer {

  private final List<String> adminGroups;

  public ApiKeyNamespaceAuthorizer(List<String> adminGroups) {
    this.adminGroups = List.copyOf(adminGroups);
  }

  @Override
  public boolean allowed(Authentication caller, ResourceAccess access) {
    if (caller instanceof Caller c && c.apiKey() != null && c.apiKey().permits(access.verb(), access.namespace())) {
      return true;
    }
    return Caller.groupsOf(caller).stream().anyMatch(adminGroups::contains);
  }
}
