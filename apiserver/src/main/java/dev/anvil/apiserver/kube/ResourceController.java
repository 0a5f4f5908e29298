package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.apiserver.kube.EmbeddedAdmission.Admitted;
import dev.anvil.apiserver.kube.EmbeddedAdmission.FieldValidation;
import dev.anvil.apiserver.kube.KubeProperties.Validation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The anvil.dev resources with kube-apiserver's REST semantics, forwarded to the backing Kubernetes API: get, list
 * (as {@code Table} when kubectl asks), watch, create, update, patch, delete and the status subresource. Writes are
 * validated here first when the backing API does not validate ({@code anvil.kube.validate=embedded}).
 */
@RestController
@RequestMapping("/apis/" + ServedResources.GROUP + "/" + ServedResources.VERSION)
public class ResourceController {

  private static final String TABLE = "as=Table";

  private final ServedResources resources;
  private final BackingApi backing;
  private final TableConverter tables;
  private final WatchStreams watches;
  private final KubeProperties properties;

  public ResourceController(ServedResources resources, BackingApi backing, TableConverter tables,
      WatchStreams watches, KubeProperties properties) {
    this.resources = resources;
    this.backing = backing;
    this.tables = tables;
    this.watches = watches;
    this.properties = properties;
  }

  @GetMapping("/{plural}")
  public ResponseEntity<?> listAllNamespaces(@PathVariable String plural, @RequestParam Map<String, String> query,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept, HttpServletRequest request) {
    return list(new ResourcePath(resource(plural), null, null), query, accept, request);
  }

  @GetMapping("/namespaces/{namespace}/{plural}")
  public ResponseEntity<?> list(@PathVariable String namespace, @PathVariable String plural,
      @RequestParam Map<String, String> query, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
      HttpServletRequest request) {
    return list(new ResourcePath(resource(plural), namespace, null), query, accept, request);
  }

  private ResponseEntity<?> list(ResourcePath path, Map<String, String> query, String accept,
      HttpServletRequest request) {
    var table = wantsTable(accept) ? TableConverter.IncludeObject.parse(query.get("includeObject")) : null;
    if (isTrue(query.get("watch"))) {
      var watch = new WatchStreams.Query(query.get("resourceVersion"), query.get("labelSelector"),
          query.get("fieldSelector"), longOrNull(query.get("timeoutSeconds")), isTrue(query.get("allowWatchBookmarks")));
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(watches.open(path, watch, table));
    }
    var response = backing.send("GET", path.collection(), request.getQueryString(), null, null);
    return read(path, response, table);
  }

  @GetMapping("/namespaces/{namespace}/{plural}/{name}")
  public ResponseEntity<byte[]> get(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, @RequestParam Map<String, String> query,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept, HttpServletRequest request) {
    var path = new ResourcePath(resource(plural), namespace, name);
    var table = wantsTable(accept) ? TableConverter.IncludeObject.parse(query.get("includeObject")) : null;
    return read(path, backing.send("GET", path.object(), request.getQueryString(), null, null), table);
  }

  @GetMapping("/namespaces/{namespace}/{plural}/{name}/status")
  public ResponseEntity<byte[]> getStatus(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, HttpServletRequest request) {
    var path = statusPath(namespace, plural, name);
    return read(path, backing.send("GET", path.object(), request.getQueryString(), null, null), null);
  }

  @PostMapping("/namespaces/{namespace}/{plural}")
  public ResponseEntity<byte[]> create(@PathVariable String namespace, @PathVariable String plural,
      @RequestParam Map<String, String> query, @RequestBody(required = false) byte[] body,
      HttpServletRequest request) {
    var path = new ResourcePath(resource(plural), namespace, null);
    if (properties.validate() == Validation.NONE) {
      return write(path, backing.send("POST", path.collection(), request.getQueryString(), MediaType.APPLICATION_JSON_VALUE,
          body), List.of());
    }
    var admitted = EmbeddedAdmission.create(path, KubeJson.read(body), fields(query));
    var name = admitted.object().path("metadata").path("name").asText(null);
    if (isDryRun(query)) {
      return json(201, KubeJson.write(admitted.object()), admitted.warnings());
    }
    var response = backing.send("POST", path.collection(), request.getQueryString(), MediaType.APPLICATION_JSON_VALUE,
        KubeJson.write(admitted.object()));
    if (response.code() == 409 && name != null) {
      throw ApiStatusException.alreadyExists(path.resource(), name);
    }
    return write(new ResourcePath(path.resource(), namespace, name), response, admitted.warnings());
  }

  @PutMapping("/namespaces/{namespace}/{plural}/{name}")
  public ResponseEntity<byte[]> update(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, @RequestParam Map<String, String> query, @RequestBody(required = false) byte[] body,
      HttpServletRequest request) {
    return replace(new ResourcePath(resource(plural), namespace, name), false, query, body, request);
  }

  @PutMapping("/namespaces/{namespace}/{plural}/{name}/status")
  public ResponseEntity<byte[]> updateStatus(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, @RequestParam Map<String, String> query, @RequestBody(required = false) byte[] body,
      HttpServletRequest request) {
    return replace(statusPath(namespace, plural, name), true, query, body, request);
  }

  private ResponseEntity<byte[]> replace(ResourcePath path, boolean status, Map<String, String> query, byte[] body,
      HttpServletRequest request) {
    var target = status ? path.status() : path.object();
    if (properties.validate() == Validation.NONE) {
      return write(path, backing.send("PUT", target, request.getQueryString(), MediaType.APPLICATION_JSON_VALUE, body),
          List.of());
    }
    var sent = KubeJson.read(body);
    var stored = stored(path);
    var admitted = status ? EmbeddedAdmission.updateStatus(path, sent, stored, fields(query))
        : EmbeddedAdmission.update(path, sent, stored, fields(query));
    return store(target, path, admitted, query);
  }

  @PatchMapping("/namespaces/{namespace}/{plural}/{name}")
  public ResponseEntity<byte[]> patch(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, @RequestParam Map<String, String> query,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    return patch(new ResourcePath(resource(plural), namespace, name), false, query, contentType, body, request);
  }

  @PatchMapping("/namespaces/{namespace}/{plural}/{name}/status")
  public ResponseEntity<byte[]> patchStatus(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, @RequestParam Map<String, String> query,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    return patch(statusPath(namespace, plural, name), true, query, contentType, body, request);
  }

  /**
   * kube-apiserver's patch: read, apply, validate, write with the read resourceVersion, and again from a fresh read
   * when someone else wrote in between (unless the patch itself names a resourceVersion: then that is a conflict).
   */
  private ResponseEntity<byte[]> patch(ResourcePath path, boolean status, Map<String, String> query,
      String contentType, byte[] body, HttpServletRequest request) {
    var target = status ? path.status() : path.object();
    if (properties.validate() == Validation.NONE) {
      return write(path, backing.send("PATCH", target, request.getQueryString(), contentType, body), List.of());
    }
    var type = Patches.Type.of(contentType);
    if (body == null || body.length == 0) {
      throw ApiStatusException.badRequest("the patch is empty");
    }
    for (int attempt = 0; ; attempt++) {
      var read = backing.send("GET", path.object(), null, null, null);
      if (read.code() == 404 && type == Patches.Type.APPLY && !status) {
        return applyCreate(path, query, body);
      }
      if (!read.ok()) {
        throw BackingErrors.of(read, path);
      }
      var stored = KubeJson.read(read.body());
      var patched = Patches.apply(type, stored, body);
      var storedVersion = stored.path("metadata").path("resourceVersion").asText("");
      var patchedVersion = patched.path("metadata").path("resourceVersion").asText("");
      if (patchedVersion.isEmpty() && patched.isObject()) {
        ((ObjectNode) patched).with("metadata").put("resourceVersion", storedVersion);
        patchedVersion = storedVersion;
      }
      var pinned = !patchedVersion.equals(storedVersion);
      if (pinned) {
        throw ApiStatusException.conflict(path.resource(), path.name(),
            "the object has been modified; please apply your changes to the latest version and try again");
      }
      var admitted = status ? EmbeddedAdmission.updateStatus(path, patched, stored, fields(query))
          : EmbeddedAdmission.update(path, patched, stored, fields(query));
      if (isDryRun(query)) {
        return json(200, KubeJson.write(admitted.object()), admitted.warnings());
      }
      var response = backing.send("PUT", target, null, MediaType.APPLICATION_JSON_VALUE,
          KubeJson.write(admitted.object()));
      if (response.code() != 409 || attempt >= properties.patchRetries()) {
        return write(path, response, admitted.warnings());
      }
    }
  }

  /** Server-side apply of an object that does not exist yet creates it. */
  private ResponseEntity<byte[]> applyCreate(ResourcePath path, Map<String, String> query, byte[] body) {
    var object = (ObjectNode) Patches.parseYaml(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    var metadata = object.with("metadata");
    if (!metadata.hasNonNull("name")) {
      metadata.put("name", path.name());
    }
    var collection = new ResourcePath(path.resource(), path.namespace(), null);
    Admitted admitted = EmbeddedAdmission.create(collection, object, fields(query));
    if (isDryRun(query)) {
      return json(201, KubeJson.write(admitted.object()), admitted.warnings());
    }
    var response = backing.send("POST", collection.collection(), null, MediaType.APPLICATION_JSON_VALUE,
        KubeJson.write(admitted.object()));
    return write(path, response, admitted.warnings());
  }

  @DeleteMapping("/namespaces/{namespace}/{plural}/{name}")
  public ResponseEntity<byte[]> delete(@PathVariable String namespace, @PathVariable String plural,
      @PathVariable String name, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
    var path = new ResourcePath(resource(plural), namespace, name);
    return write(path, backing.send("DELETE", path.object(), request.getQueryString(), MediaType.APPLICATION_JSON_VALUE,
        body == null || body.length == 0 ? null : body), List.of());
  }

  @DeleteMapping("/namespaces/{namespace}/{plural}")
  public ResponseEntity<byte[]> deleteCollection(@PathVariable String namespace, @PathVariable String plural) {
    throw ApiStatusException.methodNotSupported(resource(plural), "deletecollection");
  }

  private ResponseEntity<byte[]> store(String target, ResourcePath path, Admitted admitted,
      Map<String, String> query) {
    if (isDryRun(query)) {
      return json(200, KubeJson.write(admitted.object()), admitted.warnings());
    }
    return write(path, backing.send("PUT", target, null, MediaType.APPLICATION_JSON_VALUE,
        KubeJson.write(admitted.object())), admitted.warnings());
  }

  private JsonNode stored(ResourcePath path) {
    var read = backing.send("GET", path.object(), null, null, null);
    if (!read.ok()) {
      throw BackingErrors.of(read, path);
    }
    return KubeJson.read(read.body());
  }

  private ResponseEntity<byte[]> read(ResourcePath path, BackingApi.Response response,
      TableConverter.IncludeObject table) {
    if (!response.ok()) {
      throw BackingErrors.of(response, path);
    }
    if (table == null) {
      return json(response.code(), typedList(path.resource(), response.body()), response.warnings());
    }
    var converted = tables.table(path.resource(), KubeJson.read(response.body()), table, true);
    return json(200, KubeJson.write(converted), response.warnings());
  }

  /** The embedded mock answers a list as {@code v1 List}; kube-apiserver says {@code anvil.dev/v1alpha1 JobList}. */
  private static byte[] typedList(ServedResource resource, byte[] body) {
    if (!new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8)
        .contains("\"List\"")) {
      return body;
    }
    var node = KubeJson.read(body);
    if (node.isObject() && "List".equals(node.path("kind").asText()) && node.has("items")) {
      var list = (ObjectNode) node;
      list.put("kind", resource.kind() + "List");
      list.put("apiVersion", resource.apiVersion());
      if (list.path("metadata").isObject()) {
        ((ObjectNode) list.get("metadata")).remove("selfLink");
      }
      return KubeJson.write(list);
    }
    return body;
  }

  private static ResponseEntity<byte[]> write(ResourcePath path, BackingApi.Response response, List<String> warnings) {
    if (!response.ok()) {
      throw BackingErrors.of(response, path);
    }
    var all = new java.util.ArrayList<>(warnings);
    all.addAll(response.warnings());
    return json(response.code(), response.body(), all);
  }

  private static ResponseEntity<byte[]> json(int code, byte[] body, List<String> warnings) {
    var response = ResponseEntity.status(code).contentType(MediaType.APPLICATION_JSON);
    for (var warning : warnings) {
      // already formatted when it came from a real cluster
      response.header("Warning", warning.startsWith("299 ") ? warning : "299 - \"" + warning.replace("\"", "\\\"")
          + "\"");
    }
    return response.body(body);
  }

  private ServedResource resource(String plural) {
    return resources.byPlural(plural).orElseThrow(() -> ApiStatusException.noResourceType());
  }

  private ResourcePath statusPath(String namespace, String plural, String name) {
    var resource = resource(plural);
    if (!resource.statusSubresource()) {
      throw ApiStatusException.noResourceType();
    }
    return new ResourcePath(resource, namespace, name);
  }

  private static FieldValidation fields(Map<String, String> query) {
    return FieldValidation.parse(query.get("fieldValidation"));
  }

  private static boolean isDryRun(Map<String, String> query) {
    var dryRun = query.get("dryRun");
    if (dryRun == null || dryRun.isEmpty()) {
      return false;
    }
    if (!dryRun.equals("All")) {
      throw ApiStatusException.badRequest("dryRun must be All, not " + dryRun);
    }
    return true;
  }

  private static boolean wantsTable(String accept) {
    return accept != null && accept.contains(TABLE) && accept.indexOf(TABLE) < firstPlainJson(accept);
  }

  /** Where a plain {@code application/json} (no {@code as=}) appears in Accept, so Table is only used when preferred. */
  private static int firstPlainJson(String accept) {
    int offset = 0;
    for (var part : accept.split(",")) {
      if (!part.contains("as=")) {
        return offset;
      }
      offset += part.length() + 1;
    }
    return Integer.MAX_VALUE;
  }

  private static boolean isTrue(String value) {
    return value != null && (value.equals("true") || value.equals("1"));
  }

  private static Long longOrNull(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiStatusException.badRequest("timeoutSeconds must be an integer");
    }
  }
}
