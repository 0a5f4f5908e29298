package dev.anvil.agent.config;

/** A configuration variable is missing or malformed; the message names the variable and never its secret value. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
