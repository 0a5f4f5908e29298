package dev.anvil.apiserver.kube;

import dev.anvil.crds.validation.FieldError;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;

/**
 * A request refused the way kube-apiserver refuses it: the Kubernetes {@code Status} body (code, reason, details
 * with causes) kubectl turns into its usual error lines, such as {@code The Job "x" is invalid: spec.retry.limit: ...}.
 */
public final class ApiStatusException extends RuntimeException {

  private final transient Status status;

  public ApiStatusException(Status status) {
    super(status.getMessage());
    this.status = status;
  }

  public Status status() {
    return status;
  }

  public int code() {
    return status.getCode();
  }

  private static ApiStatusException of(int code, String reason, String message, ServedResource resource, String name) {
    var status = new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
        .withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    if (resource != null) {
      status.setDetails(new StatusDetailsBuilder().withGroup(resource.group()).withKind(resource.plural())
          .withName(name).build());
    }
    return new ApiStatusException(status);
  }

  /** 404 for an unknown resource type, as for {@code /apis/anvil.dev/v1alpha1/nonsense}. */
  public static ApiStatusException noResourceType() {
    return of(404, "NotFound", "the server could not find the requested resource", null, null);
  }

  /** 400: a request kube-apiserver would not accept, such as a body naming another object than the URL. */
  public static ApiStatusException badRequest(String message) {
    return of(400, "BadRequest", message, null, null);
  }

  /** 405: a verb this apiserver does not serve on the resource. */
  public static ApiStatusException methodNotSupported(ServedResource resource, String verb) {
    return of(405, "MethodNotAllowed", verb + " is not supported on resources of kind \"" + resource.qualifiedResource()
        + "\"", resource, null);
  }

  /** 415, as kube-apiserver answers a strategic merge patch of a custom resource (kubectl then falls back). */
  public static ApiStatusException unsupportedPatch(String contentType) {
    return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types"
        + " include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", null,
        null);
  }

  /** 409 AlreadyExists: a create of a name in use. */
  public static ApiStatusException alreadyExists(ServedResource resource, String name) {
    return of(409, "AlreadyExists", resource.qualifiedResource() + " \"" + name + "\" already exists", resource, name);
  }

  /** 409 Conflict: the object changed since the client read it. */
  public static ApiStatusException conflict(ServedResource resource, String name, String reason) {
    return of(409, "Conflict", "Operation cannot be fulfilled on " + resource.qualifiedResource() + " \"" + name
        + "\": " + reason, resource, name);
  }

  /** 422 Invalid with one cause per field error, worded as kube-apiserver's {@code NewInvalid}. */
  public static ApiStatusException invalid(ServedResource resource, String name, List<FieldError> errors) {
    var aggregate = errors.size() == 1 ? errors.get(0).toString()
        : "[" + String.join(", ", errors.stream().map(FieldError::toString).toList()) + "]";
    var status = of(422, "Invalid", resource.qualifiedKind() + " \"" + name + "\" is invalid: " + aggregate, null,
        null).status();
    status.setDetails(new StatusDetailsBuilder().withGroup(resource.group()).withKind(resource.kind()).withName(name)
        .withCauses(errors.stream().map(error -> new StatusCauseBuilder().withReason(error.type().name())
            .withField(error.field()).withMessage(error.message()).build()).toList())
        .build());
    return new ApiStatusException(status);
  }

  /** 400 for unknown fields under {@code fieldValidation=Strict}, worded as kube-apiserver's strict decoding error. */
  public static ApiStatusException strictDecoding(ServedResource resource, List<String> unknownFields) {
    var fields = String.join(", ", unknownFields.stream().map(field -> "unknown field \"" + field + "\"").toList());
    return of(400, "BadRequest", resource.kind() + " in version \"" + resource.version() + "\" cannot be handled as a "
        + resource.kind() + ": strict decoding error: " + fields, null, null);
  }

  /** 422 without causes, as for a JSON patch whose test or path fails. */
  public static ApiStatusException unprocessable(String message) {
    return of(422, "Invalid", message, null, null);
  }

  /** 503: the backing Kubernetes API did not answer. */
  public static ApiStatusException unavailable(String message) {
    return of(503, "ServiceUnavailable", message, null, null);
  }
}
