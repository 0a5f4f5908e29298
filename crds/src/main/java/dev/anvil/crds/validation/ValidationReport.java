package dev.anvil.crds.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * What validating one object found, with unknown fields kept apart so that a caller can treat them as kube-apiserver's
 * {@code fieldValidation} asks: {@code Strict} rejects them ({@link #strictErrors()}), {@code Warn} returns them as
 * warnings and {@code Ignore} drops them (both prune, see {@link CrdValidator#pruneAndDefault}).
 *
 * @param errors schema, ObjectMeta and CEL errors; a non-empty list means kube-apiserver answers 422 Invalid
 * @param unknownFields paths of fields the schema does not declare (outside preserve-unknown-fields), such as
 *     {@code spec.retyr}
 */
public record ValidationReport(List<FieldError> errors, List<String> unknownFields) {

  public ValidationReport {
    errors = List.copyOf(errors);
    unknownFields = List.copyOf(unknownFields);
  }

  /** True when the object would be accepted (unknown fields pruned). */
  public boolean valid() {
    return errors.isEmpty();
  }

  /** The errors plus one FieldValueForbidden error per unknown field, as {@code kubectl --validate=strict} sees them. */
  public List<FieldError> strictErrors() {
    if (unknownFields.isEmpty()) {
      return errors;
    }
    var all = new ArrayList<FieldError>(errors.size() + unknownFields.size());
    all.addAll(errors);
    unknownFields.forEach(path -> all.add(
        new FieldError(FieldError.Type.FieldValueForbidden, path, "Forbidden: field not declared in schema")));
    return List.copyOf(all);
  }

  /** The unknown fields as the warnings kube-apiserver sends with {@code fieldValidation=Warn}. */
  public List<String> warnings() {
    return unknownFields.stream().map(path -> "unknown field \"" + path + "\"").toList();
  }
}
