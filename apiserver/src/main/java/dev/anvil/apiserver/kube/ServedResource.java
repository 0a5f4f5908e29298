package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.crds.validation.CrdValidator;
import java.util.List;

/**
 * One anvil.dev kind as this apiserver serves it, read from its generated CRD: names for discovery, printer columns
 * for tables, the schema for OpenAPI and the validator for writes.
 */
public record ServedResource(String group, String version, String plural, String singular, String kind,
    List<String> shortNames, List<String> categories, boolean statusSubresource, List<PrinterColumn> columns,
    JsonNode schema, CrdValidator validator) {

  public ServedResource {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    columns = List.copyOf(columns);
  }

  /** {@code anvil.dev/v1alpha1}. */
  public String apiVersion() {
    return group + "/" + version;
  }

  /** {@code Job.anvil.dev}, as kube-apiserver names the kind in messages. */
  public String qualifiedKind() {
    return kind + "." + group;
  }

  /** {@code jobs.anvil.dev}, as kube-apiserver names the resource in NotFound messages. */
  public String qualifiedResource() {
    return plural + "." + group;
  }

  /** The component name kube-apiserver gives the kind's schema in OpenAPI: the reversed group, version, kind. */
  public String schemaName() {
    var parts = List.of(group.split("\\."));
    var reversed = new StringBuilder();
    for (int i = parts.size() - 1; i >= 0; i--) {
      reversed.append(parts.get(i)).append('.');
    }
    return reversed + version + "." + kind;
  }
}
