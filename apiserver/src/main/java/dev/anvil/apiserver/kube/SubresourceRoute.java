package dev.anvil.apiserver.kube;

import java.util.List;

/**
 * A subresource served by another route of this apiserver (such as {@code jobs/log}), listed in discovery so kubectl
 * knows it; declare one as a bean beside its controller.
 *
 * @param resource the plural, such as {@code jobs}
 * @param subresource such as {@code log}
 * @param verbs such as {@code get}
 */
public record SubresourceRoute(String resource, String subresource, List<String> verbs) {

  public SubresourceRoute {
    verbs = List.copyOf(verbs);
  }
}
