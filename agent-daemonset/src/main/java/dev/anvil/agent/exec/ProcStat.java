package dev.anvil.agent.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** The fields of {@code /proc/<pid>/stat} that decide whether a process belongs to an attempt. */
record ProcStat(char state, long group, long session, long startTicks) {

  boolean zombie() {
    return state == 'Z' || state == 'X';
  }

  /** Clock ticks per second in {@code /proc}: USER_HZ, fixed at 100 in the kernel's ABI. */
  static final int TICKS_PER_SECOND = 100;

  /**
   * Now, in the unit and origin of {@link #startTicks()}, rounded down with a little slack; {@code Long.MAX_VALUE}
   * when there is no {@code /proc} (which then disables every /proc sweep).
   */
  static long ticksSinceBoot() {
    try {
      var uptime = Files.readString(ProcessTree.PROC.resolve("uptime"), StandardCharsets.ISO_8859_1);
      var seconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
      return Math.max(0, (long) (seconds * TICKS_PER_SECOND) - 2);
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  static ProcStat read(long pid) {
    String text;
    try {
      text = Files.readString(ProcessTree.PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      return null;
    }
    // The command name in parentheses may itself contain spaces and parentheses; fields follow the last ')'.
    int close = text.lastIndexOf(')');
    if (close < 0) {
      return null;
    }
    var fields = text.substring(close + 2).split(" ");
    try {
      // After the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22), numbered as in proc(5).
      return new ProcStat(fields[0].charAt(0), Long.parseLong(fields[2]), Long.parseLong(fields[3]),
          Long.parseLong(fields[19]));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
