package dev.anvil.agent.exec;

/**
 * Receives the output lines of one running process.
 *
 * <p>Threading contract: {@link #onLine} is called from the runner's reader threads, never two calls at
 * once for the same process, and in {@link LogLine#seq()} order (1, 2, 3, ... without gaps). A call may
 * block for as long as it needs: while it does, the runner reads nothing more from that process, the
 * process's pipes fill and the process blocks on its next write, so nothing is dropped. The outcome of
 * the process completes only after the last line was delivered. An implementation must therefore not
 * wait for that outcome inside {@code onLine}. An exception thrown by {@code onLine} is logged and the
 * line counts as delivered.
 */
@FunctionalInterface
public interface ProcessListener {

  void onLine(LogLine line);
}
