package dev.anvil.agent.exec;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The per-attempt directory under the runner's base: {@code results/} for $ANVIL_RESULTS, {@code work/} as default cwd. */
final class AttemptDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptDirectory.class);

  private final Path root;

  private AttemptDirectory(Path root) {
    this.root = root;
  }

  /** Creates a fresh directory; the random suffix keeps a re-run of the same attempt id apart from a leftover. */
  static AttemptDirectory create(Path base, String attemptId) throws IOException {
    Files.createDirectories(base);
    var safe = attemptId.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (safe.length() > 100) {
      safe = safe.substring(0, 100);
    }
    var root = Files.createTempDirectory(base, safe + "-");
    Files.createDirectory(root.resolve("results"));
    Files.createDirectory(root.resolve("work"));
    return new AttemptDirectory(root);
  }

  Path root() {
    return root;
  }

  Path results() {
    return root.resolve("results");
  }

  Path work() {
    return root.resolve("work");
  }

  /** Deletes the tree without following symbolic links, so a link planted by the process cannot redirect it. */
  void delete() {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          // A process may leave directories without write or search permission; it ran as our user, so we may fix them.
          dir.toFile().setWritable(true, true);
          dir.toFile().setExecutable(true, true);
          dir.toFile().setReadable(true, true);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("could not remove attempt directory {}: {}", root, e.toString());
    }
  }
}
