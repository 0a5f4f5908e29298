package dev.anvil.apiserver.actions;

import dev.anvil.apiserver.kube.ApiStatusException;
import dev.anvil.apiserver.security.KubeStatus;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;

/** The Kubernetes Status errors of the action subresources. */
final class ActionErrors {

  private ActionErrors() {
  }

  static ApiStatusException notFound(String plural, String name) {
    return new ApiStatusException(KubeStatus.failure(404, "NotFound", plural + ".anvil.dev \"" + name + "\" not found",
        new StatusDetailsBuilder().withName(name).withGroup("anvil.dev").withKind(plural).build()));
  }

  static ApiStatusException badRequest(String message) {
    return new ApiStatusException(KubeStatus.failure(400, "BadRequest", message, null));
  }

  static ApiStatusException conflict(String message) {
    return new ApiStatusException(KubeStatus.failure(409, "Conflict", message, null));
  }

  static ApiStatusException forbidden(String message) {
    return new ApiStatusException(KubeStatus.failure(403, "Forbidden", message, null));
  }
}
