package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The resources of one DMTF mockup, loaded from the classpath and keyed by path, which actions may change; every
 * change bumps the resource's ETag. Thread-safe: callers get copies, changes go through {@link #edit}.
 */
final class MockupTree {

  static final String ROOT = "/redfish/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, ObjectNode> resources = new HashMap<>();
  private final Map<String, String> xmlDocuments = new HashMap<>();
  private final Map<String, Long> generations = new HashMap<>();

  private MockupTree() {
  }

  /** Loads {@code redfish-mockups/<name>} from the classpath (a directory or a jar). */
  static MockupTree load(String name) {
    var marker = "redfish-mockups/" + name + "/index.json";
    var url = MockupTree.class.getClassLoader().getResource(marker);
    if (url == null) {
      throw new IllegalArgumentException("no mockup on the classpath: " + marker);
    }
    try {
      var uri = url.toURI();
      var tree = new MockupTree();
      if ("jar".equals(uri.getScheme())) {
        tree.readAll(jarFileSystemPath(uri).getParent());
      } else {
        tree.readAll(Path.of(uri).getParent());
      }
      return tree;
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot read mockup " + name, e);
    }
  }

  private static Path jarFileSystemPath(URI uri) throws IOException {
    try {
      return FileSystems.newFileSystem(uri, Map.of()).provider().getPath(uri);
    } catch (FileSystemAlreadyExistsException e) {
      return FileSystems.getFileSystem(uri).provider().getPath(uri);
    }
  }

  private void readAll(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (var file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        var relative = dir.relativize(file).toString().replace('\\', '/');
        var fileName = file.getFileName().toString();
        if (relative.equals("explorer_config.json")) {
          continue; // the mockup tool's own settings, not a resource
        }
        var parent = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
        var content = Files.readString(file, StandardCharsets.UTF_8);
        if (fileName.equals("index.json")) {
          resources.put(normalize(ROOT + "/" + parent), (ObjectNode) JSON.readTree(content));
        } else if (fileName.endsWith(".json")) {
          resources.put(normalize(ROOT + "/" + relative), (ObjectNode) JSON.readTree(content));
        } else if (fileName.equals("index.xml")) {
          xmlDocuments.put(normalize(ROOT + "/" + parent), content);
        }
      }
    }
  }

  /** The key of a request path: no trailing slash, so {@code /redfish/v1/} and {@code /redfish/v1} are the root. */
  static String normalize(String path) {
    var p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  synchronized Optional<ObjectNode> get(String path) {
    var node = resources.get(normalize(path));
    return Optional.ofNullable(node == null ? null : node.deepCopy());
  }

  /** An XML document ({@code $metadata}), or empty. */
  synchronized Optional<String> xmlDocument(String path) {
    return Optional.ofNullable(xmlDocuments.get(normalize(path)));
  }

  synchronized boolean contains(String path) {
    return resources.containsKey(normalize(path));
  }

  /** Changes a resource in place (or creates it when {@code create} is set) and moves its ETag on. */
  synchronized void edit(String path, boolean create, Consumer<ObjectNode> change) {
    var key = normalize(path);
    var node = resources.get(key);
    if (node == null) {
      if (!create) {
        throw new IllegalArgumentException("no resource at " + key);
      }
      node = JSON.createObjectNode().put("@odata.id", key);
      resources.put(key, node);
    }
    change.accept(node);
    generations.merge(key, 1L, Long::sum);
  }

  /** Moves a resource's ETag on without changing it, as a write by another client would. */
  synchronized void touch(String path) {
    generations.merge(normalize(path), 1L, Long::sum);
  }

  /** A strong ETag that changes whenever the resource does. */
  synchronized String etag(String path) {
    var key = normalize(path);
    return "\"" + Integer.toHexString(key.hashCode()) + "-" + generations.getOrDefault(key, 0L) + "\"";
  }

  /** The paths of a collection's members, in order; empty when the path is not a collection. */
  synchronized List<String> memberPaths(String collectionPath) {
    var node = resources.get(normalize(collectionPath));
    if (node == null || !node.path("Members").isArray()) {
      return List.of();
    }
    var paths = new ArrayList<String>();
    node.path("Members").forEach(member -> paths.add(member.path("@odata.id").asText()));
    return paths;
  }

  /** Replaces the links in a resource's own properties (not its {@code Links}) with the linked resources. */
  synchronized ObjectNode expandedOneLevel(ObjectNode resource) {
    var copy = resource.deepCopy();
    copy.properties().forEach(entry -> {
      if (!entry.getKey().equals("Links")) {
        entry.setValue(expandLinks(entry.getValue()));
      }
    });
    return copy;
  }

  private JsonNode expandLinks(JsonNode node) {
    if (node.isObject() && node.size() == 1 && node.has("@odata.id")) {
      var target = resources.get(normalize(node.get("@odata.id").asText()));
      return target == null ? node : target.deepCopy();
    }
    if (node.isArray()) {
      var array = JSON.createArrayNode();
      node.forEach(element -> array.add(expandLinks(element)));
      return array;
    }
    return node;
  }

  static ObjectMapper json() {
    return JSON;
  }
}
