package dev.anvil.operator.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic names of child objects, {@code <parent>-<step>}, so that a create repeated after a crash collides. */
public final class ChildNames {

  /**
   * Longest child name: object names may have 253 characters and a Job's Pods are named {@code <job>-<attempt>}, and
   * a Pipeline inside a Workflow adds its own tasks' names.
   */
  static final int MAX = 180;

  private ChildNames() {
  }

  /** {@code <parent>-<step>}, or, when that is too long, a shortened parent part plus a hash of the full name. */
  public static String of(String parent, String step) {
    var full = parent + "-" + step;
    if (full.length() <= MAX) {
      return full;
    }
    var hash = sha256(full).substring(0, 10);
    var keep = MAX - hash.length() - step.length() - 2;
    var head = parent.substring(0, Math.max(1, keep)).replaceAll("[-.]+$", "");
    return head + "-" + hash + "-" + step; // steps have at most 63 characters, so this fits in MAX
  }

  private static String sha256(String text) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
