package dev.anvil.apiserver.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The backing API's refusals as kube-apiserver words them: its own {@code Status} when it sent one (a real cluster),
 * else one made from the code (the embedded mock often answers with an empty body), so kubectl prints
 * {@code jobs.anvil.dev "x" not found} rather than a bare code.
 */
final class BackingErrors {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private BackingErrors() {
  }

  static ApiStatusException of(KubernetesClientException e, ResourcePath path) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null && e.getCode() > 0) {
      var status = e.getStatus();
      status.setApiVersion("v1");
      status.setKind("Status");
      return new ApiStatusException(status);
    }
    return new ApiStatusException(status(e.getCode() > 0 ? e.getCode() : 503, path, e.getMessage()));
  }

  /** The Status of a failed raw answer. */
  static ApiStatusException of(BackingApi.Response response, ResourcePath path) {
    try {
      var status = SERIALIZATION.unmarshal(response.text(), Status.class);
      // the embedded mock's Status carries no details (and a generic message): only a real one passes through
      if (status != null && "Status".equals(status.getKind()) && status.getDetails() != null
          && status.getMessage() != null && !status.getMessage().isEmpty()) {
        status.setCode(response.code());
        return new ApiStatusException(status);
      }
    } catch (RuntimeException e) {
      // not a Status: made from the code below
    }
    return new ApiStatusException(status(response.code(), path, response.text()));
  }

  private static Status status(int code, ResourcePath path, String text) {
    var resource = path.resource();
    var name = path.name();
    var what = resource.qualifiedResource() + " \"" + name + "\"";
    String reason;
    String message;
    switch (code) {
      case 404 -> {
        reason = "NotFound";
        message = name == null ? "the server could not find the requested resource" : what + " not found";
      }
      case 409 -> {
        reason = name == null ? "AlreadyExists" : "Conflict";
        message = name == null ? "the object already exists"
            : "Operation cannot be fulfilled on " + what + ": the object has been modified; please apply your"
                + " changes to the latest version and try again";
      }
      case 410 -> {
        reason = "Expired";
        message = "too old resource version";
      }
      case 422 -> {
        reason = "Invalid";
        message = text;
      }
      default -> {
        reason = code >= 500 ? "InternalError" : "BadRequest";
        message = text == null || text.isEmpty() ? "the Kubernetes API answered " + code : text;
      }
    }
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
        .withStatus("Failure").withCode(code).withReason(reason).withMessage(message)
        .withDetails(new StatusDetailsBuilder().withGroup(resource.group()).withKind(resource.plural()).withName(name)
            .build())
        .build();
  }
}
