package dev.anvil.operator.workflow.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Names of the child runs of a scheduled Workflow: {@code <workflow>-<unix seconds of the tick>}, so the run of a
 * tick has one name whoever creates it, and creating it twice fails instead of starting it twice.
 *
 * <p>Names stay within {@link #MAX_LENGTH} characters, a DNS label, because a run names its own children after
 * itself. When {@code <workflow>-<seconds>} would be longer, the Workflow part is cut and followed by the first
 * {@link #HASH_LENGTH} hex digits of the SHA-256 of the whole Workflow name: {@code <prefix>-<hash>-<seconds>}. Two
 * long Workflow names sharing a prefix so get different run names, and one Workflow always gets the same.
 */
public final class RunNames {

  /** Longest run name: a DNS label. */
  public static final int MAX_LENGTH = 63;
  /** Hex digits of the Workflow name's hash in a shortened run name. */
  static final int HASH_LENGTH = 8;

  private RunNames() {
  }

  /** The name of the run of {@code workflow} for the tick at {@code tick}. */
  public static String forTick(String workflow, Instant tick) {
    var suffix = "-" + tick.getEpochSecond();
    if (workflow.length() + suffix.length() <= MAX_LENGTH) {
      return workflow + suffix;
    }
    var hashed = "-" + hash(workflow) + suffix;
    var prefix = workflow.substring(0, MAX_LENGTH - hashed.length());
    // a DNS label ends with an alphanumeric character; the hash follows, but keep the prefix clean for readers
    return prefix.replaceAll("[-.]+$", "") + hashed;
  }

  private static String hash(String workflow) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(workflow.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
