package dev.anvil.crds.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finishes the CRDs Fabric8 generated: restores the declared printer-column order, writes them to the committed
 * folders and fails the build when a committed copy was missing, stale or out of date.
 *
 * <p>Usage: {@code CrdFinisher <fabric8 output dir> <committed dir>...}; run by the crds module's build.
 */
public final class CrdFinisher {

  /** Package under which the class of a CRD version lives: {@code <package>.<version>.<Kind>}. */
  static final String API_PACKAGE = "dev.anvil.crds";

  private CrdFinisher() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: CrdFinisher <generated CRD dir> <committed dir>...");
    }
    List<Path> committedDirs = Arrays.stream(args).skip(1).map(Path::of).toList();
    List<String> changes = finish(Path.of(args[0]), committedDirs);
    if (!changes.isEmpty()) {
      throw new IllegalStateException("The regenerated CRD YAML differs from the committed files, which have now "
          + "been rewritten:\n  " + String.join("\n  ", changes)
          + "\nReview and commit the regenerated CRD YAML, then build again.");
    }
  }

  /** Finishes every CRD of {@code generatedDir} into each committed folder; returns the files that changed. */
  static List<String> finish(Path generatedDir, List<Path> committedDirs) throws IOException {
    Map<String, String> rendered = render(generatedDir);
    List<String> changes = new ArrayList<>();
    for (Path dir : committedDirs) {
      changes.addAll(new CommittedFiles(dir.normalize()).sync(rendered));
    }
    return changes;
  }

  /** Renders each generated CRD as {@code <plural>.<group>.yaml} → finished YAML, sorted by file name. */
  static Map<String, String> render(Path generatedDir) throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.list(generatedDir)) {
      sources = files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
    }
    if (sources.isEmpty()) {
      throw new IllegalStateException("no generated CRD (*.yml) in " + generatedDir);
    }
    Map<String, String> rendered = new TreeMap<>();
    for (Path source : sources) {
      JsonNode crd = CrdYaml.read(source);
      String name = crd.path("metadata").path("name").asText();
      List<String> classes = new ArrayList<>();
      for (JsonNode version : crd.path("spec").path("versions")) {
        Class<?> type = resourceClass(crd, version.path("name").asText());
        classes.add(type.getName());
        if (version.get("additionalPrinterColumns") instanceof ArrayNode columns) {
          ((ObjectNode) version).set("additionalPrinterColumns", new PrinterColumnOrder(type).reorder(columns));
        }
      }
      if (rendered.put(name + ".yaml", CrdYaml.render(crd, String.join(", ", classes))) != null) {
        throw new IllegalStateException("two generated files define CRD " + name);
      }
    }
    return rendered;
  }

  private static Class<?> resourceClass(JsonNode crd, String version) {
    String group = crd.path("spec").path("group").asText();
    String kind = crd.path("spec").path("names").path("kind").asText();
    String className = API_PACKAGE + "." + version + "." + kind;
    Class<?> type;
    try {
      type = Class.forName(className, false, CrdFinisher.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("CRD " + kind + "." + group + "/" + version + " has no class " + className, e);
    }
    if (!HasMetadata.class.isAssignableFrom(type)
        || !group.equals(HasMetadata.getGroup(type.asSubclass(HasMetadata.class)))) {
      throw new IllegalStateException(className + " is not the custom resource class of " + kind + "." + group);
    }
    return type;
  }
}
