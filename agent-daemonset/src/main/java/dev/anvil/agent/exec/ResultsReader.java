package dev.anvil.agent.exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns the files a process left in {@code $ANVIL_RESULTS} into results, reporting every file it refuses. */
final class ResultsReader {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
  static final int MAX_VALUE_BYTES = 4 * 1024;
  static final int MAX_ENTRIES = 64;

  /** Results and the reasons files were not taken. */
  record Collected(Map<String, String> results, List<String> problems) {}

  private ResultsReader() {}

  static Collected read(Path dir) {
    var results = new TreeMap<String, String>();
    var problems = new ArrayList<String>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      problems.add("the results directory $ANVIL_RESULTS was removed or replaced by the process");
      return new Collected(results, problems);
    }
    List<Path> files;
    try (var listing = Files.list(dir)) {
      files = listing.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      problems.add("the results directory could not be listed: " + e.getMessage());
      return new Collected(results, problems);
    }
    var overLimit = new ArrayList<String>();
    for (var file : files) {
      var name = file.getFileName().toString();
      if (!NAME.matcher(name).matches()) {
        problems.add("'" + shown(name) + "': not a valid result name (1-63 of A-Z a-z 0-9 _ . -)");
        continue;
      }
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        problems.add("'" + name + "': unreadable: " + e.getMessage());
        continue;
      }
      if (!attrs.isRegularFile()) {
        // Symbolic links are refused, not followed: a result must not be able to read the agent's own files.
        problems.add("'" + name + "': not a regular file (" + kind(attrs) + ")");
        continue;
      }
      if (results.size() == MAX_ENTRIES) {
        overLimit.add(name);
        continue;
      }
      // One byte of slack for the trailing newline that `echo value > file` writes.
      if (attrs.size() > MAX_VALUE_BYTES + 1) {
        problems.add("'" + name + "': " + attrs.size() + " bytes, over the limit of " + MAX_VALUE_BYTES);
        continue;
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        problems.add("'" + name + "': unreadable: " + e.getMessage());
        continue;
      }
      int length = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
      if (length > MAX_VALUE_BYTES) {
        problems.add("'" + name + "': " + length + " bytes, over the limit of " + MAX_VALUE_BYTES);
        continue;
      }
      if (!isUtf8(bytes, length)) {
        problems.add("'" + name + "': not valid UTF-8; malformed bytes were replaced with U+FFFD");
      }
      results.put(name, new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
    if (!overLimit.isEmpty()) {
      problems.add(overLimit.size() + " file(s) beyond the limit of " + MAX_ENTRIES + " results ignored: "
          + overLimit.stream().limit(10).collect(Collectors.joining(", ")) + (overLimit.size() > 10 ? ", ..." : ""));
    }
    return new Collected(results, problems);
  }

  private static boolean isUtf8(byte[] bytes, int length) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String kind(BasicFileAttributes attrs) {
    if (attrs.isSymbolicLink()) {
      return "a symbolic link";
    }
    return attrs.isDirectory() ? "a directory" : "a special file";
  }

  private static String shown(String name) {
    var printable = name.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
  }
}
