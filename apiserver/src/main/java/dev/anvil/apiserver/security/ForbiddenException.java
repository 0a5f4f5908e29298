package dev.anvil.apiserver.security;

import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.api.model.Status;

/**
 * A caller the {@link Authorizer} refused, answered 403 with kube-apiserver's message, e.g. {@code jobs.anvil.dev "x"
 * is forbidden: User "u" cannot get resource "jobs/log" in API group "anvil.dev" in the namespace "ns"}.
 */
public final class ForbiddenException extends RuntimeException {

  private final transient Status status;

  public ForbiddenException(String user, ResourceAccess access) {
    super(message(user, access));
    this.status = KubeStatus.failure(403, "Forbidden", getMessage(), new StatusDetailsBuilder()
        .withName(access.name()).withGroup(access.group()).withKind(access.resource()).build());
  }

  public Status status() {
    return status;
  }

  static String message(String user, ResourceAccess access) {
    var qualified = access.group().isEmpty() ? access.resource() : access.resource() + "." + access.group();
    var target = access.name() == null || access.name().isEmpty() ? qualified
        : qualified + " \"" + access.name() + "\"";
    var resource = access.subresource() == null || access.subresource().isEmpty() ? access.resource()
        : access.resource() + "/" + access.subresource();
    var scope = access.namespace() == null || access.namespace().isEmpty() ? "at the cluster scope"
        : "in the namespace \"" + access.namespace() + "\"";
    return target + " is forbidden: User \"" + user + "\" cannot " + access.verb() + " resource \"" + resource
        + "\" in API group \"" + access.group() + "\" " + scope;
  }
}
