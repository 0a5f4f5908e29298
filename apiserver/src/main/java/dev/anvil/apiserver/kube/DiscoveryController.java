package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Discovery as kubectl reads it: {@code /version}, the legacy documents ({@code /api}, {@code /apis},
 * {@code /apis/anvil.dev}, {@code /apis/anvil.dev/v1alpha1}) and aggregated discovery
 * ({@code apidiscovery.k8s.io/v2 APIGroupDiscoveryList}) when kubectl asks for it and it is enabled.
 */
@RestController
public class DiscoveryController {

  /** The Kubernetes API level these routes follow; kubectl compares it with its own for the version skew warning. */
  static final String KUBERNETES_MAJOR = "1";
  static final String KUBERNETES_MINOR = "32";
  private static final String AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  private static final List<String> VERBS = List.of("delete", "get", "list", "patch", "create", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ServedResources resources;
  private final KubeProperties properties;

  public DiscoveryController(ServedResources resources, KubeProperties properties) {
    this.resources = resources;
    this.properties = properties;
  }

  @GetMapping("/version")
  public ResponseEntity<byte[]> version() {
    var version = JSON.objectNode();
    version.put("major", KUBERNETES_MAJOR);
    version.put("minor", KUBERNETES_MINOR);
    version.put("gitVersion", "v" + KUBERNETES_MAJOR + "." + KUBERNETES_MINOR + ".0-anvil");
    version.put("gitCommit", "");
    version.put("gitTreeState", "");
    version.put("buildDate", "");
    version.put("goVersion", "");
    version.put("compiler", "");
    version.put("platform", System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/"
        + System.getProperty("os.arch"));
    return json(version);
  }

  /** The core group: none of it is served here. */
  @GetMapping("/api")
  public ResponseEntity<byte[]> core(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    if (aggregated(accept)) {
      return aggregatedList(false);
    }
    var versions = JSON.objectNode();
    versions.put("kind", "APIVersions");
    versions.putArray("versions");
    versions.putArray("serverAddressByClientCIDRs");
    return json(versions);
  }

  @GetMapping("/apis")
  public ResponseEntity<byte[]> groups(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    if (aggregated(accept)) {
      return aggregatedList(true);
    }
    var list = JSON.objectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    list.putArray("groups").add(group());
    return json(list);
  }

  @GetMapping("/apis/" + ServedResources.GROUP)
  public ResponseEntity<byte[]> anvilGroup() {
    var group = group();
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    return json(group);
  }

  @GetMapping("/apis/" + ServedResources.GROUP + "/" + ServedResources.VERSION)
  public ResponseEntity<byte[]> resourceList() {
    var list = JSON.objectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", ServedResources.GROUP + "/" + ServedResources.VERSION);
    var items = list.putArray("resources");
    for (var resource : resources.all()) {
      var entry = items.addObject();
      entry.put("name", resource.plural());
      entry.put("singularName", resource.singular());
      entry.put("namespaced", true);
      entry.put("kind", resource.kind());
      strings(entry.putArray("verbs"), VERBS);
      strings(entry.putArray("shortNames"), resource.shortNames());
      strings(entry.putArray("categories"), resource.categories());
      for (var sub : subresources(resource)) {
        var subEntry = items.addObject();
        subEntry.put("name", resource.plural() + "/" + sub.subresource());
        subEntry.put("singularName", "");
        subEntry.put("namespaced", true);
        subEntry.put("kind", resource.kind());
        strings(subEntry.putArray("verbs"), sub.verbs());
      }
    }
    return json(list);
  }

  private List<SubresourceRoute> subresources(ServedResource resource) {
    var all = new ArrayList<SubresourceRoute>();
    if (resource.statusSubresource()) {
      all.add(new SubresourceRoute(resource.plural(), "status", STATUS_VERBS));
    }
    all.addAll(resources.extraSubresources(resource.plural()));
    return all;
  }

  private ResponseEntity<byte[]> aggregatedList(boolean withAnvil) {
    var list = JSON.objectNode();
    list.put("kind", "APIGroupDiscoveryList");
    list.put("apiVersion", "apidiscovery.k8s.io/v2");
    list.putObject("metadata");
    var items = list.putArray("items");
    if (withAnvil) {
      var group = items.addObject();
      group.putObject("metadata").put("name", ServedResources.GROUP);
      var version = group.putArray("versions").addObject();
      version.put("version", ServedResources.VERSION);
      version.put("freshness", "Current");
      var entries = version.putArray("resources");
      for (var resource : resources.all()) {
        var entry = entries.addObject();
        entry.put("resource", resource.plural());
        kind(entry.putObject("responseKind"), resource);
        entry.put("scope", "Namespaced");
        entry.put("singularResource", resource.singular());
        strings(entry.putArray("verbs"), VERBS);
        strings(entry.putArray("shortNames"), resource.shortNames());
        strings(entry.putArray("categories"), resource.categories());
        var subs = entry.putArray("subresources");
        for (var sub : subresources(resource)) {
          var subEntry = subs.addObject();
          subEntry.put("subresource", sub.subresource());
          kind(subEntry.putObject("responseKind"), resource);
          strings(subEntry.putArray("verbs"), sub.verbs());
        }
      }
    }
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(AGGREGATED)).body(KubeJson.write(list));
  }

  private static void kind(ObjectNode node, ServedResource resource) {
    node.put("group", resource.group());
    node.put("version", resource.version());
    node.put("kind", resource.kind());
  }

  private static ObjectNode group() {
    var group = JSON.objectNode();
    group.put("name", ServedResources.GROUP);
    var version = JSON.objectNode();
    version.put("groupVersion", ServedResources.GROUP + "/" + ServedResources.VERSION);
    version.put("version", ServedResources.VERSION);
    group.putArray("versions").add(version);
    group.set("preferredVersion", version.deepCopy());
    return group;
  }

  /** True when the client lists aggregated discovery before the plain form and it is enabled. */
  private boolean aggregated(String accept) {
    return properties.aggregatedDiscovery() && accept != null
        && accept.split(",")[0].replace(" ", "").contains("as=APIGroupDiscoveryList")
        && accept.split(",")[0].contains("v=v2;");
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static ResponseEntity<byte[]> json(ObjectNode body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(KubeJson.write(body));
  }
}
