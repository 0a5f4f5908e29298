package dev.anvil.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Agent Job scripts that record each start in a file per Job and print {@code line 1}, {@code line 2}, … every
 * 100 ms until a gate file exists (or 40 lines at once without a gate), then {@code last <n>} and a result.
 */
record GatedScripts(Path dir) {

  /** The script of {@code job}; {@code gate} null for one that prints its 40 lines and ends. */
  String script(String job, String gate) {
    var body = gate == null
        ? "while [ $i -lt 40 ]; do i=$((i+1)); echo \"line $i\"; done; "
        : "while [ ! -e '" + dir.resolve(gate) + "' ]; do i=$((i+1)); echo \"line $i\"; sleep 0.1; done; ";
    return "echo \"$ANVIL_ATTEMPT_ID\" >> '" + dir.resolve("starts-" + job) + "'; i=0; " + body
        + "echo \"last $i\"; echo pass > \"$ANVIL_RESULTS/verdict\"";
  }

  /** Lets every script waiting for {@code gate} finish. */
  void open(String gate) throws IOException {
    Files.writeString(dir.resolve(gate), "open");
  }

  /** The attempt ids that started {@code job}'s script, one line per start. */
  List<String> starts(String job) throws IOException {
    return Files.readAllLines(dir.resolve("starts-" + job));
  }
}
