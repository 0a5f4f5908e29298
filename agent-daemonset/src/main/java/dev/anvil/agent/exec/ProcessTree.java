package dev.anvil.agent.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every process that belongs to one attempt, found and signalled even after it left the tree.
 *
 * <p>The root runs as leader of its own session (via {@code setsid}), so its session and process group ids
 * equal its pid. Membership is the union of: the root and its current descendants; processes in the root's
 * session or group (found in {@code /proc}, which still finds background children orphaned by their parent's
 * death); processes whose environment carries the attempt's unique {@code ANVIL_RESULTS=} entry (which finds
 * daemons that started a session of their own); and every member seen by an earlier sweep. Only processes
 * started no earlier than the root are considered, so a reused pid is never hit.
 */
final class ProcessTree {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
  static final Path PROC = Path.of("/proc");
  private static final int MAX_KILL_ROUNDS = 20;

  private final String attemptId;
  private final ProcessHandle root;
  private final boolean ownSession;
  private final byte[] envMarker;
  private final long startedNotBefore;
  private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();

  /**
   * @param startedNotBefore {@link ProcStat#ticksSinceBoot()} taken before the root was spawned (not read from
   *     the root itself: a quick root may already be gone, and its leftovers would then go unnoticed)
   */
  ProcessTree(String attemptId, ProcessHandle root, boolean ownSession, String envMarker, long startedNotBefore) {
    this.attemptId = attemptId;
    this.root = root;
    this.ownSession = ownSession;
    this.envMarker = ("\0" + envMarker + "\0").getBytes(StandardCharsets.UTF_8);
    this.startedNotBefore = startedNotBefore;
  }

  /** Asks every member to stop: SIGTERM to the process group at once, then to each member found. */
  synchronized void terminate() {
    signalGroup("TERM");
    for (var member : members()) {
      member.destroy();
    }
  }

  /**
   * SIGKILLs every member, repeating until a sweep finds none, so children forked between two sweeps are
   * caught as well. Returns how many processes were signalled.
   */
  synchronized int kill() {
    int killed = 0;
    signalGroup("KILL");
    for (int round = 0; round < MAX_KILL_ROUNDS; round++) {
      var members = members();
      if (members.isEmpty()) {
        return killed;
      }
      for (var member : members) {
        if (member.destroyForcibly()) {
          killed++;
        }
      }
    }
    LOG.warn("attempt {}: processes still appear after {} kill rounds: {}", attemptId, MAX_KILL_ROUNDS, members());
    return killed;
  }

  /** Live members; zombies are gone as far as signals are concerned and are left out. */
  synchronized List<ProcessHandle> members() {
    if (root.isAlive()) {
      remember(root);
      root.descendants().forEach(this::remember);
    }
    if (startedNotBefore != Long.MAX_VALUE) {
      scanProc();
    }
    // A handle taken while the process lived still reports a zombie as alive; /proc tells the truth.
    seen.values().removeIf(h -> !h.isAlive() || isGone(h.pid()));
    return new ArrayList<>(seen.values());
  }

  private boolean isGone(long pid) {
    if (startedNotBefore == Long.MAX_VALUE) {
      return false; // no /proc: isAlive() is all we know
    }
    var stat = ProcStat.read(pid);
    return stat == null || stat.zombie();
  }

  private void remember(ProcessHandle handle) {
    if (handle.pid() != ProcessHandle.current().pid()) {
      seen.putIfAbsent(handle.pid(), handle);
    }
  }

  private void scanProc() {
    try (var pids = Files.newDirectoryStream(PROC, p -> isNumeric(p.getFileName().toString()))) {
      for (var dir : pids) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (seen.containsKey(pid)) {
          continue;
        }
        var stat = ProcStat.read(pid);
        if (stat == null || stat.zombie() || stat.startTicks() < startedNotBefore) {
          continue;
        }
        boolean member = ownSession && (stat.session() == root.pid() || stat.group() == root.pid());
        if (member || environmentHasMarker(dir)) {
          ProcessHandle.of(pid).ifPresent(this::remember);
        }
      }
    } catch (IOException e) {
      LOG.debug("attempt {}: cannot scan /proc: {}", attemptId, e.toString());
    }
  }

  private boolean environmentHasMarker(Path procDir) {
    byte[] env;
    try {
      env = Files.readAllBytes(procDir.resolve("environ"));
    } catch (IOException | SecurityException e) {
      return false; // another user's process or already gone: not ours either way
    }
    // environ is NUL-separated; padding both ends lets the first and the last entry match the marker too.
    var padded = new byte[env.length + 2];
    System.arraycopy(env, 0, padded, 1, env.length);
    return indexOf(padded, envMarker) >= 0;
  }

  private void signalGroup(String signal) {
    if (!ownSession) {
      return;
    }
    // Java cannot signal a process group; the shell's kill builtin can, atomically for the whole group, which
    // beats a fork racing a one-by-one sweep. A group that no longer exists makes kill fail harmlessly.
    try {
      var kill = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" -- \"-$1\" 2>/dev/null", signal,
          Long.toString(root.pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      LOG.warn("attempt {}: could not signal process group {}: {}", attemptId, root.pid(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean isNumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
