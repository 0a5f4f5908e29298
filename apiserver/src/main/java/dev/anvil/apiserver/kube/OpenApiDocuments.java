package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The OpenAPI v3 documents kube-apiserver publishes for CRDs, built once from the same schemas: the root index
 * ({@code /openapi/v3}) and the anvil.dev/v1alpha1 document, whose kinds carry {@code x-kubernetes-group-version-kind}
 * (what {@code kubectl explain} looks up) and whose PATCH operations list {@code fieldValidation} (what tells kubectl
 * to leave validation to the server).
 */
public final class OpenApiDocuments {

  /** The group-version document's path, relative to the root as kubectl expects it. */
  public static final String GROUP_VERSION_PATH = "apis/" + ServedResources.GROUP + "/" + ServedResources.VERSION;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String COMPONENTS = "#/components/schemas/";
  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  private static final String LIST_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";
  private static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";

  private final byte[] groupVersion;
  private final byte[] root;

  public OpenApiDocuments(ServedResources resources) {
    this.groupVersion = KubeJson.write(groupVersionDocument(resources.all()));
    var rootDoc = JSON.objectNode();
    rootDoc.putObject("paths").putObject(GROUP_VERSION_PATH).put("serverRelativeURL",
        "/openapi/v3/" + GROUP_VERSION_PATH + "?hash=" + hash(groupVersion));
    this.root = KubeJson.write(rootDoc);
  }

  public byte[] root() {
    return root.clone();
  }

  public byte[] groupVersion() {
    return groupVersion.clone();
  }

  private static ObjectNode groupVersionDocument(List<ServedResource> resources) {
    var doc = JSON.objectNode();
    doc.put("openapi", "3.0.0");
    var info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", "v" + DiscoveryController.KUBERNETES_MAJOR + "." + DiscoveryController.KUBERNETES_MINOR + ".0");
    var paths = doc.putObject("paths");
    var schemas = doc.putObject("components").putObject("schemas");
    schemas.set(OBJECT_META, objectMeta());
    schemas.set(LIST_META, listMeta());
    schemas.set(STATUS, object("Status is a return value for calls that don't return other objects."));
    for (var resource : resources) {
      schemas.set(resource.schemaName(), kindSchema(resource));
      schemas.set(resource.schemaName() + "List", listSchema(resource));
      addPaths(paths, resource);
    }
    return doc;
  }

  private static ObjectNode kindSchema(ServedResource resource) {
    var schema = (ObjectNode) resource.schema().deepCopy();
    schema.put("type", "object");
    if (!schema.has("description")) {
      schema.put("description", resource.kind() + " is an " + resource.apiVersion() + " resource; see its spec.");
    }
    var properties = schema.with("properties");
    var reordered = JSON.objectNode();
    reordered.set("apiVersion", string("APIVersion defines the versioned schema of this representation of an object."
        + " Servers should convert recognized schemas to the latest internal value, and may reject unrecognized"
        + " values."));
    reordered.set("kind", string("Kind is a string value representing the REST resource this object represents."
        + " Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In"
        + " CamelCase."));
    var metadata = JSON.objectNode();
    metadata.putArray("allOf").addObject().put("$ref", COMPONENTS + OBJECT_META);
    metadata.put("description", "Standard object's metadata.");
    reordered.set("metadata", metadata);
    reordered.setAll(properties);
    schema.set("properties", reordered);
    gvk(schema.putArray("x-kubernetes-group-version-kind"), resource, resource.kind());
    return schema;
  }

  private static ObjectNode listSchema(ServedResource resource) {
    var schema = object(resource.kind() + "List is a list of " + resource.kind());
    schema.putArray("required").add("items");
    var properties = schema.putObject("properties");
    properties.set("apiVersion", string("APIVersion defines the versioned schema of this representation of an object."));
    var items = properties.putObject("items");
    items.put("type", "array");
    items.put("description", "List of " + resource.plural() + ".");
    items.putObject("items").put("$ref", COMPONENTS + resource.schemaName());
    properties.set("kind", string("Kind is a string value representing the REST resource this object represents."));
    var metadata = properties.putObject("metadata");
    metadata.putArray("allOf").addObject().put("$ref", COMPONENTS + LIST_META);
    metadata.put("description", "Standard list metadata.");
    gvk(schema.putArray("x-kubernetes-group-version-kind"), resource, resource.kind() + "List");
    return schema;
  }

  private static void addPaths(ObjectNode paths, ServedResource resource) {
    var prefix = "/apis/" + resource.apiVersion();
    var namespaced = prefix + "/namespaces/{namespace}/" + resource.plural();
    var kindRef = COMPONENTS + resource.schemaName();
    var listRef = COMPONENTS + resource.schemaName() + "List";
    var all = paths.putObject(prefix + "/" + resource.plural());
    all.set("get", operation(resource, "list", listRef, List.of("labelSelector", "fieldSelector", "limit", "continue",
        "resourceVersion", "timeoutSeconds", "watch"), false));
    var collection = paths.putObject(namespaced);
    collection.set("get", operation(resource, "list", listRef, List.of("labelSelector", "fieldSelector", "limit",
        "continue", "resourceVersion", "timeoutSeconds", "watch"), false));
    collection.set("post", operation(resource, "create", kindRef, List.of("dryRun", "fieldManager",
        "fieldValidation"), true));
    parameters(collection, List.of("namespace"));
    var object = paths.putObject(namespaced + "/{name}");
    object.set("get", operation(resource, "get", kindRef, List.of("resourceVersion"), false));
    object.set("put", operation(resource, "replace", kindRef, List.of("dryRun", "fieldManager", "fieldValidation"),
        true));
    object.set("patch", patch(resource, kindRef));
    object.set("delete", operation(resource, "delete", STATUS_REF, List.of("dryRun", "gracePeriodSeconds",
        "propagationPolicy"), false));
    parameters(object, List.of("name", "namespace"));
    if (resource.statusSubresource()) {
      var status = paths.putObject(namespaced + "/{name}/status");
      status.set("get", operation(resource, "getStatus", kindRef, List.of("resourceVersion"), false));
      status.set("put", operation(resource, "replaceStatus", kindRef, List.of("dryRun", "fieldManager",
          "fieldValidation"), true));
      status.set("patch", patch(resource, kindRef));
      parameters(status, List.of("name", "namespace"));
    }
  }

  private static final String STATUS_REF = COMPONENTS + STATUS;

  private static ObjectNode patch(ServedResource resource, String kindRef) {
    var patch = operation(resource, "patch", kindRef, List.of("dryRun", "fieldManager", "fieldValidation", "force"),
        false);
    var content = patch.putObject("requestBody").putObject("content");
    for (var type : List.of(Patches.Type.JSON, Patches.Type.MERGE, Patches.Type.APPLY)) {
      content.putObject(type.mediaType()).putObject("schema").put("type", "object");
    }
    return patch;
  }

  private static ObjectNode operation(ServedResource resource, String action, String responseRef, List<String> query,
      boolean body) {
    var operation = JSON.objectNode();
    operation.put("description", action + " " + resource.plural());
    operation.put("operationId", action + "Namespaced" + resource.kind());
    var parameters = operation.putArray("parameters");
    for (var name : query) {
      var parameter = parameters.addObject();
      parameter.put("name", name);
      parameter.put("in", "query");
      parameter.putObject("schema").put("type", name.equals("limit") || name.equals("timeoutSeconds")
          || name.equals("gracePeriodSeconds") ? "integer" : name.equals("watch") || name.equals("force")
          ? "boolean" : "string");
      parameter.put("uniqueItems", true);
    }
    if (body) {
      operation.putObject("requestBody").putObject("content").putObject("*/*").putObject("schema")
          .put("$ref", responseRef);
    }
    operation.putObject("responses").putObject("200").put("description", "OK").putObject("content")
        .putObject("application/json").putObject("schema").put("$ref", responseRef);
    var gvk = operation.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", resource.group());
    gvk.put("kind", resource.kind());
    gvk.put("version", resource.version());
    operation.put("x-kubernetes-action", action.startsWith("list") ? "list" : action.startsWith("get") ? "get"
        : action.startsWith("replace") ? "put" : action.startsWith("create") ? "post" : action);
    return operation;
  }

  private static void parameters(ObjectNode path, List<String> names) {
    var parameters = path.putArray("parameters");
    for (var name : names) {
      var parameter = parameters.addObject();
      parameter.put("name", name);
      parameter.put("in", "path");
      parameter.put("required", true);
      parameter.put("description", name + " of the " + (name.equals("namespace") ? "namespace" : "object"));
      parameter.putObject("schema").put("type", "string");
      parameter.put("uniqueItems", true);
    }
  }

  private static void gvk(ArrayNode array, ServedResource resource, String kind) {
    var gvk = array.addObject();
    gvk.put("group", resource.group());
    gvk.put("kind", kind);
    gvk.put("version", resource.version());
  }

  private static ObjectNode objectMeta() {
    var meta = object("ObjectMeta is metadata that all persisted resources must have, which includes all objects"
        + " users must create.");
    var properties = meta.putObject("properties");
    properties.set("name", string("Name must be unique within a namespace. Cannot be updated."));
    properties.set("namespace", string("Namespace defines the space within which each name must be unique."));
    properties.set("generateName", string("Optional prefix the server uses to generate a unique name if name is not"
        + " given."));
    properties.set("labels", stringMap("Map of string keys and values that can be used to organize and categorize"
        + " (scope and select) objects."));
    properties.set("annotations", stringMap("Unstructured key value map stored with a resource that may be set by"
        + " external tools to store and retrieve arbitrary metadata."));
    properties.set("uid", string("UID is the unique in time and space value for this object. Read-only."));
    properties.set("resourceVersion", string("An opaque value that represents the internal version of this object."
        + " Read-only."));
    var generation = properties.putObject("generation");
    generation.put("type", "integer");
    generation.put("format", "int64");
    generation.put("description", "A sequence number representing a specific generation of the desired state.");
    properties.set("creationTimestamp", dateTime("When this object was created. Read-only."));
    properties.set("deletionTimestamp", dateTime("When this resource will be deleted. Read-only."));
    var finalizers = properties.putObject("finalizers");
    finalizers.put("type", "array");
    finalizers.put("description", "Must be empty before the object is deleted from the registry.");
    finalizers.putObject("items").put("type", "string");
    var owners = properties.putObject("ownerReferences");
    owners.put("type", "array");
    owners.put("description", "List of objects depended by this object.");
    owners.putObject("items").put("type", "object");
    return meta;
  }

  private static ObjectNode listMeta() {
    var meta = object("ListMeta describes metadata that synthetic resources must have.");
    var properties = meta.putObject("properties");
    properties.set("resourceVersion", string("The version of the list, for watches."));
    properties.set("continue", string("Set when the list is limited; pass it to get the next page."));
    return meta;
  }

  private static ObjectNode object(String description) {
    var node = JSON.objectNode();
    node.put("type", "object");
    node.put("description", description);
    return node;
  }

  private static ObjectNode string(String description) {
    var node = JSON.objectNode();
    node.put("type", "string");
    node.put("description", description);
    return node;
  }

  private static ObjectNode dateTime(String description) {
    var node = string(description);
    node.put("format", "date-time");
    return node;
  }

  private static ObjectNode stringMap(String description) {
    var node = object(description);
    node.putObject("additionalProperties").put("type", "string");
    return node;
  }

  private static String hash(byte[] document) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(document))
          .substring(0, 128);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
