package dev.anvil.apiserver.security;

import java.util.List;

/**
 * One API key as its Secret entry describes it: who it is, and (for {@code anvil.authz.mode=api-key-namespaces}) where
 * and what it may do. Holds the key's hash, never the key.
 *
 * @param id         the Secret's key name, the {@code <id>} of {@code anvil_<id>_<secret>}
 * @param hash       the whole token's hash, {@code {sha256}<hex>} or any Spring Security encoding ({@code {bcrypt}…})
 * @param namespaces namespaces the key may touch ({@code *}: all, and cluster-scoped resources)
 * @param verbs      Kubernetes verbs the key may use ({@code *}: all)
 */
public record ApiKey(String id, String hash, String user, List<String> groups, List<String> namespaces,
    List<String> verbs) {

  public ApiKey {
    groups = List.copyOf(groups);
    namespaces = List.copyOf(namespaces);
    verbs = List.copyOf(verbs);
  }

  /** Whether the key's own rule lets it use {@code verb} in {@code namespace} (empty: cluster scope). */
  public boolean permits(String verb, String namespace) {
    var inNamespace = namespaces.contains("*") || (namespace != null && !namespace.isEmpty()
        && namespaces.contains(namespace));
    return inNamespace && (verbs.contains("*") || verbs.contains(verb));
  }

  @Override
  public String toString() {
    // the hash stays out of logs too
    return "ApiKey[" + id + ", user=" + user + "]";
  }
}
