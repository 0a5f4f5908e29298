package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates custom resources against their CRD as kube-apiserver would (structural schema, ObjectMeta, CEL
 * {@code x-kubernetes-validations}), compiled once per CRD version and safe to share between threads.
 *
 * <p>Unknown fields are reported apart from errors ({@link #check}); {@link #validate} counts them as errors, like
 * {@code kubectl --validate=strict}, so tests catch misspelt fields. kube-apiserver's default (prune silently) is
 * {@link ValidationReport#errors()} plus {@link #pruneAndDefault}.
 *
 * <pre>{@code
 * var jobs = CrdValidator.forResource("jobs.anvil.dev");
 * List<FieldError> errors = jobs.validate(job);   // empty when kube-apiserver would accept it
 * }</pre>
 */
public final class CrdValidator {

  /** Where Fabric8's crd-generator puts the v1 CRD of a resource on the classpath; %s is {@code <plural>.<group>}. */
  public static final String GENERATED_CRD_LOCATION = "META-INF/fabric8/%s-v1.yml";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Map<String, CrdValidator> BY_RESOURCE = new ConcurrentHashMap<>();

  private final String name;
  private final String group;
  private final String kind;
  private final Map<String, SchemaNode> schemas;

  private CrdValidator(CustomResourceDefinition crd) {
    var spec = Objects.requireNonNull(crd.getSpec(), "CRD has no spec");
    this.name = crd.getMetadata() == null ? spec.getNames().getPlural() + "." + spec.getGroup()
        : crd.getMetadata().getName();
    this.group = spec.getGroup();
    this.kind = spec.getNames().getKind();
    var compiled = new LinkedHashMap<String, SchemaNode>();
    for (var version : spec.getVersions()) {
      if (!Boolean.FALSE.equals(version.getServed())) {
        var schema = version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null
            ? SERIALIZATION.convertValue(Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true), JsonNode.class)
            : SERIALIZATION.convertValue(version.getSchema().getOpenAPIV3Schema(), JsonNode.class);
        try {
          compiled.put(version.getName(), SchemaNode.compile(schema));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(name + " " + version.getName() + ": " + e.getMessage(), e);
        }
      }
    }
    this.schemas = Map.copyOf(compiled);
  }

  /** Compiles every served version of {@code crd}; throws IllegalArgumentException when a CEL rule does not compile. */
  public static CrdValidator of(CustomResourceDefinition crd) {
    return new CrdValidator(crd);
  }

  /** Reads a CRD from YAML (or JSON) and compiles it. */
  public static CrdValidator fromYaml(InputStream yaml) {
    return of(SERIALIZATION.unmarshal(yaml, CustomResourceDefinition.class));
  }

  /** Reads a CRD from YAML (or JSON) text and compiles it. */
  public static CrdValidator fromYaml(String yaml) {
    return of(SERIALIZATION.unmarshal(yaml, CustomResourceDefinition.class));
  }

  /**
   * The validator of a generated CRD on the classpath, {@code META-INF/fabric8/<crdName>-v1.yml}, compiled on first use
   * and cached for the JVM.
   *
   * @param crdName the CRD's name, {@code <plural>.<group>}, such as {@code jobs.anvil.dev}
   */
  public static CrdValidator forResource(String crdName) {
    return BY_RESOURCE.computeIfAbsent(crdName, CrdValidator::loadFromClasspath);
  }

  /** The validator of the CRD of a resource class annotated with {@code @Group} and {@code @Plural}. */
  public static CrdValidator forResource(Class<? extends HasMetadata> type) {
    return forResource(HasMetadata.getFullResourceName(type));
  }

  private static CrdValidator loadFromClasspath(String crdName) {
    var location = GENERATED_CRD_LOCATION.formatted(crdName);
    var loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
        CrdValidator.class.getClassLoader());
    try (var in = loader.getResourceAsStream(location)) {
      if (in == null) {
        throw new IllegalArgumentException("no CRD " + location + " on the classpath");
      }
      return fromYaml(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CRD's name, {@code <plural>.<group>}. */
  public String name() {
    return name;
  }

  /** The served versions this validator accepts. */
  public Set<String> versions() {
    return schemas.keySet();
  }

  /** Validates a new object strictly: schema, ObjectMeta and CEL errors plus unknown fields. Empty when valid. */
  public List<FieldError> validate(JsonNode object) {
    return check(object, null).strictErrors();
  }

  /** Validates a typed or generic resource strictly, as {@link #validate(JsonNode)}. */
  public List<FieldError> validate(HasMetadata resource) {
    return validate(toJson(resource));
  }

  /** Validates an update strictly; transition rules ({@code oldSelf}) are evaluated against {@code oldObject}. */
  public List<FieldError> validateUpdate(JsonNode object, JsonNode oldObject) {
    return check(object, oldObject).strictErrors();
  }

  /** Validates an update of a typed or generic resource strictly, as {@link #validateUpdate(JsonNode, JsonNode)}. */
  public List<FieldError> validateUpdate(HasMetadata resource, HasMetadata oldResource) {
    return validateUpdate(toJson(resource), toJson(oldResource));
  }

  /**
   * Validates an object and reports unknown fields apart from errors.
   *
   * @param object the object, with apiVersion {@code <group>/<version>} naming a served version, and kind
   * @param oldObject the stored object for an update, or null for a create (transition rules are then skipped)
   */
  public ValidationReport check(JsonNode object, JsonNode oldObject) {
    // kube-apiserver applies schema defaults (to the stored object too) before it validates
    var walk = new SchemaWalk(false, true, false);
    run(walk, object == null ? null : object.deepCopy(), oldObject == null ? null : pruneAndDefault(oldObject));
    return new ValidationReport(walk.errors(), walk.unknownFields());
  }

  /**
   * A copy of {@code object} as kube-apiserver would store it: fields the schema does not declare (outside
   * preserve-unknown-fields) and nulls of non-nullable fields pruned, schema defaults applied.
   */
  public JsonNode pruneAndDefault(JsonNode object) {
    var copy = object.deepCopy();
    run(new SchemaWalk(true, true, false), copy, null);
    return copy;
  }

  private void run(SchemaWalk walk, JsonNode object, JsonNode oldObject) {
    if (object == null || !object.isObject()) {
      walk.errors().add(new FieldError(FieldError.Type.FieldValueTypeInvalid, "",
          "Invalid value: " + JsonText.shown(object) + ": must be an object"));
      return;
    }
    var schema = schemaOf(object, walk.errors());
    if (schema != null) {
      walk.root(object, oldObject != null && oldObject.isObject() ? oldObject : null, schema);
    }
  }

  private SchemaNode schemaOf(JsonNode object, List<FieldError> errors) {
    var kindNode = object.path("kind");
    if (!kindNode.isTextual() || kindNode.asText().isEmpty()) {
      errors.add(new FieldError(FieldError.Type.FieldValueRequired, "kind", "Required value"));
    } else if (!kindNode.asText().equals(kind)) {
      errors.add(new FieldError(FieldError.Type.FieldValueNotSupported, "kind",
          "Unsupported value: " + JsonText.quote(kindNode.asText()) + ": supported values: " + JsonText.quote(kind)));
    }
    var apiVersion = object.path("apiVersion");
    if (!apiVersion.isTextual() || apiVersion.asText().isEmpty()) {
      errors.add(new FieldError(FieldError.Type.FieldValueRequired, "apiVersion", "Required value"));
      return null;
    }
    var text = apiVersion.asText();
    var slash = text.indexOf('/');
    var schema = slash < 0 || !text.substring(0, slash).equals(group) ? null : schemas.get(text.substring(slash + 1));
    if (schema == null) {
      errors.add(new FieldError(FieldError.Type.FieldValueNotSupported, "apiVersion",
          "Unsupported value: " + JsonText.quote(text) + ": supported values: " + String.join(", ",
              schemas.keySet().stream().sorted().map(v -> JsonText.quote(group + "/" + v)).toList())));
    }
    return schema;
  }

  private static JsonNode toJson(HasMetadata resource) {
    return SERIALIZATION.convertValue(resource, JsonNode.class);
  }
}
