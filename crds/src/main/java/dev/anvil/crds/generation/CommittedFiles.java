package dev.anvil.crds.generation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Brings a folder of committed files to an expected content and reports every file that had to change. */
final class CommittedFiles {

  private final Path dir;

  CommittedFiles(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes each expected file whose content differs, deletes YAML files that are not expected, and returns the
   * files it created, changed or deleted (empty when the folder already matched).
   */
  List<String> sync(Map<String, String> expected) throws IOException {
    Files.createDirectories(dir);
    List<String> changes = new ArrayList<>();
    for (var entry : expected.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      byte[] content = entry.getValue().getBytes(StandardCharsets.UTF_8);
      if (!Files.exists(file)) {
        changes.add(file + " (missing)");
      } else if (!java.util.Arrays.equals(Files.readAllBytes(file), content)) {
        changes.add(file + " (changed)");
      } else {
        continue;
      }
      Files.write(file, content);
    }
    for (Path stale : staleYaml(expected.keySet())) {
      Files.delete(stale);
      changes.add(stale + " (stale, deleted)");
    }
    return changes;
  }

  private List<Path> staleYaml(Set<String> expectedNames) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> {
            String name = f.getFileName().toString();
            return (name.endsWith(".yaml") || name.endsWith(".yml")) && !expectedNames.contains(name);
          })
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
