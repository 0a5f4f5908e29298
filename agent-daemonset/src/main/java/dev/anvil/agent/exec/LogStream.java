package dev.anvil.agent.exec;

/** Which output stream of a process a log line came from. */
public enum LogStream {
  STDOUT,
  STDERR
}
