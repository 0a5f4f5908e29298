package dev.anvil.apiserver.security;

/**
 * What a caller wants to do, in the terms of a SubjectAccessReview's {@code resourceAttributes}.
 *
 * @param group       the API group, {@code ""} for the core group
 * @param resource    the plural resource, e.g. {@code jobs}
 * @param subresource e.g. {@code log}, {@code console}; empty for none
 * @param namespace   empty for a cluster-scoped resource or an all-namespaces list
 * @param name        empty for a list, a watch or a create
 */
public record ResourceAccess(String verb, String group, String resource, String subresource, String namespace,
    String name) {

  public ResourceAccess {
    group = group == null ? "" : group;
    subresource = subresource == null ? "" : subresource;
    namespace = namespace == null ? "" : namespace;
    name = name == null ? "" : name;
  }
}
