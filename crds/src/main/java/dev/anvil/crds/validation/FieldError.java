package dev.anvil.crds.validation;

import java.util.Objects;

/**
 * One reason a custom resource is invalid, shaped like a Kubernetes {@code StatusCause}: the cause type, the path of
 * the offending field ({@code spec.tasks[2].name}, {@code spec.labels[app]}) and the cause message.
 *
 * @param type Kubernetes cause type, such as {@link Type#FieldValueRequired}
 * @param field path of the field, without a leading dot; empty for the object itself
 * @param message the cause message as kube-apiserver words it, such as {@code Required value} or
 *     {@code Invalid value: 1000: spec.retry.limit in body should be less than or equal to 100}
 */
public record FieldError(Type type, String field, String message) {

  /** The cause types of {@code metav1.CauseType} that schema and CEL validation produce, named as on the wire. */
  public enum Type {
    FieldValueRequired,
    FieldValueInvalid,
    FieldValueNotSupported,
    FieldValueTypeInvalid,
    FieldValueForbidden,
    FieldValueDuplicate,
    FieldValueTooLong,
    FieldValueTooMany,
    FieldValueNotFound,
    InternalError
  }

  public FieldError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** Renders the error as kubectl prints a cause: {@code spec.retry.limit: Invalid value: ...}. */
  @Override
  public String toString() {
    return field.isEmpty() ? message : field + ": " + message;
  }
}
