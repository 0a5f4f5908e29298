package dev.anvil.cli;

import dev.anvil.cli.console.Terminal;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * What a command reads from and writes to, injected so that tests run commands without a process of their own.
 *
 * @param in       standard input (keystrokes for the console)
 * @param out      standard output (logs, console output, tables)
 * @param err      standard error (errors and one-line notices)
 * @param terminal the local terminal, when standard input is one
 */
public record CliStreams(InputStream in, PrintStream out, PrintStream err, Terminal terminal) {
}
