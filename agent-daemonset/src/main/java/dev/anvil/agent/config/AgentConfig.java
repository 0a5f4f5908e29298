package dev.anvil.agent.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's settings, read from its environment (the DaemonSet's container env and mounted Secret).
 *
 * @param agentId      stable identity; registry key, command stream and report dedupe key
 * @param labels       what Job selectors match; {@code anvil.dev/datacenter} and {@code anvil.dev/node} added
 * @param plaintext    no TLS towards the hub (loopback and tests only)
 * @param token        the bootstrap token; never logged, {@link #toString()} hides it
 * @param localRedis   the agent's own Redis for the spool and its command position
 * @param maxAttempts  attempts run at the same time at most; more are refused
 * @param workDir      where attempt directories live
 */
public record AgentConfig(String agentId, String nodeName, String datacenter, Map<String, String> labels,
    String hubHost, int hubPort, boolean plaintext, String token, String localRedis, int maxAttempts, Path workDir) {

  public AgentConfig {
    labels = Map.copyOf(labels);
  }

  /** Reads the configuration from {@code env}; throws {@link ConfigException} naming the first bad variable. */
  public static AgentConfig fromEnv(Map<String, String> env) {
    var agentId = value(env, "ANVIL_AGENT_ID", hostName());
    var node = value(env, "ANVIL_NODE_NAME", agentId);
    var datacenter = value(env, "ANVIL_DATACENTER", "");
    var labels = labels(value(env, "ANVIL_AGENT_LABELS", ""));
    if (!datacenter.isEmpty()) {
      labels.put("anvil.dev/datacenter", datacenter);
    }
    labels.put("anvil.dev/node", node);
    var address = value(env, "ANVIL_HUB_ADDRESS", null);
    if (address == null) {
      throw new ConfigException("ANVIL_HUB_ADDRESS is not set: give the hub as host:port, e.g. anvil-apiserver:9090");
    }
    var colon = address.lastIndexOf(':');
    int port;
    try {
      port = colon <= 0 ? -1 : Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException("ANVIL_HUB_ADDRESS must be host:port with a port from 1 to 65535, was '" + address
          + "'");
    }
    var host = address.substring(0, colon).replace("[", "").replace("]", "");
    var plaintext = bool(env, "ANVIL_HUB_PLAINTEXT");
    var token = token(env);
    var redis = value(env, "ANVIL_LOCAL_REDIS", "redis://127.0.0.1:6379");
    if (!redis.startsWith("redis://") && !redis.startsWith("rediss://") && !redis.startsWith("redis-socket://")) {
      throw new ConfigException("ANVIL_LOCAL_REDIS must be a redis:// URI, was '" + redis + "'");
    }
    int maxAttempts;
    try {
      maxAttempts = Integer.parseInt(value(env, "ANVIL_MAX_ATTEMPTS", "4"));
    } catch (NumberFormatException e) {
      maxAttempts = 0;
    }
    if (maxAttempts < 1) {
      throw new ConfigException("ANVIL_MAX_ATTEMPTS must be a positive whole number, was '"
          + env.get("ANVIL_MAX_ATTEMPTS") + "'");
    }
    var workDir = Path.of(value(env, "ANVIL_WORK_DIR", "/var/lib/anvil/work")).toAbsolutePath();
    return new AgentConfig(agentId, node, datacenter, labels, host, port, plaintext, token, redis, maxAttempts,
        workDir);
  }

  @Override
  public String toString() {
    return "AgentConfig[agentId=" + agentId + ", node=" + nodeName + ", datacenter=" + datacenter + ", labels="
        + labels + ", hub=" + hubHost + ":" + hubPort + (plaintext ? " (plaintext)" : " (TLS)") + ", localRedis="
        + localRedis + ", maxAttempts=" + maxAttempts + ", workDir=" + workDir + ", token=<hidden>]";
  }

  private static String token(Map<String, String> env) {
    var file = value(env, "ANVIL_AGENT_TOKEN_FILE", null);
    String token;
    if (file != null) {
      try {
        token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      } catch (IOException | RuntimeException e) {
        throw new ConfigException("ANVIL_AGENT_TOKEN_FILE: cannot read " + file + " (" + e.getClass().getSimpleName()
            + ")");
      }
    } else {
      token = value(env, "ANVIL_AGENT_TOKEN", "").strip();
    }
    if (token.isEmpty()) {
      throw new ConfigException("no agent token: set ANVIL_AGENT_TOKEN_FILE to the mounted bootstrap Secret's file "
          + "(or ANVIL_AGENT_TOKEN)");
    }
    if (!token.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new ConfigException((file != null ? "ANVIL_AGENT_TOKEN_FILE" : "ANVIL_AGENT_TOKEN")
          + ": the token must be visible ASCII without spaces");
    }
    return token;
  }

  private static Map<String, String> labels(String text) {
    var labels = new LinkedHashMap<String, String>();
    for (var pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      var eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("ANVIL_AGENT_LABELS must be k=v,k=v; '" + pair.strip() + "' has no key=value");
      }
      labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return labels;
  }

  private static boolean bool(Map<String, String> env, String name) {
    var text = value(env, name, "false");
    return switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + " must be true or false, was '" + text + "'");
    };
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    var text = env.get(name);
    return text == null || text.isBlank() ? fallback : text.strip();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "anvil-agent";
    }
  }
}
