package dev.anvil.apiserver.security;

import dev.anvil.apiserver.SecretWatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link ApiKeys} equal to the API key Secret, so a key added, rotated or revoked applies without a restart.
 *
 * <p>Each key of the Secret is one API key, named by its id, whose value is JSON (or YAML):
 * {@code {"hash": "{sha256}<hex of the whole token>", "user": "ci", "groups": ["team-a"], "namespaces": ["team-a"],
 * "verbs": ["get", "list", "watch"]}}. An entry that cannot be read is skipped and named (never its value).
 */
public final class ApiKeyWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyWatch.class);

  private final SecretWatch watch;
  private final String namespace;
  private final String name;

  /** @param namespace the Secret's namespace, resolved ({@link SecurityConfiguration#namespaceOf}) */
  public ApiKeyWatch(KubernetesClient client, String namespace, AuthProperties.ApiKeys secret, ApiKeys keys) {
    this.namespace = namespace;
    this.name = secret.secretName();
    var where = namespace + "/" + secret.secretName();
    this.watch = new SecretWatch(client, namespace, secret.secretName(), s -> {
      var found = keysOf(s, where);
      keys.replace(found);
      LOG.info("API key Secret {}: {} key(s) accepted", where, found.size());
    }, () -> {
      keys.replace(List.of());
      LOG.warn("API key Secret {} deleted: no API key is accepted until it is back", where);
    });
  }

  static List<ApiKey> keysOf(Secret secret, String where) {
    var found = new ArrayList<ApiKey>();
    collect(secret.getData(), true, where, found);
    collect(secret.getStringData(), false, where, found);
    return found;
  }

  private static void collect(Map<String, String> data, boolean base64, String where, List<ApiKey> into) {
    if (data == null) {
      return;
    }
    data.forEach((id, value) -> {
      try {
        var text = base64 ? new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8) : value;
        into.add(parse(id, text));
      } catch (RuntimeException e) {
        // the entry's name only: its value holds the hash
        LOG.warn("API key Secret {}: entry {} skipped: {}", where, id, reason(e));
      }
    });
  }

  static ApiKey parse(String id, String text) {
    if (id.contains("_")) {
      throw new IllegalArgumentException("an id may not contain '_'");
    }
    Map<?, ?> entry = Serialization.unmarshal(text, Map.class);
    if (entry == null) {
      throw new IllegalArgumentException("empty");
    }
    var hash = string(entry, "hash");
    var user = string(entry, "user");
    if (!hash.startsWith("{")) {
      hash = "{" + Sha256KeyEncoder.ID + "}" + hash;
    }
    return new ApiKey(id, hash, user, strings(entry, "groups"), strings(entry, "namespaces"),
        entry.containsKey("verbs") ? strings(entry, "verbs") : List.of("*"));
  }

  private static String string(Map<?, ?> entry, String field) {
    if (!(entry.get(field) instanceof String value) || value.isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
    }
    return value.strip();
  }

  private static List<String> strings(Map<?, ?> entry, String field) {
    var value = entry.get(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw new IllegalArgumentException("'" + field + "' must be a list of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  private static String reason(RuntimeException e) {
    // Jackson's message may quote the input; say what kind of problem it is and no more
    return e instanceof IllegalArgumentException && !(e.getCause() instanceof java.io.IOException)
        && e.getMessage() != null && !e.getMessage().contains("\n") && e.getMessage().length() < 80
        ? e.getMessage() : "not a JSON/YAML object with hash and user";
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    watch.close();
  }
}
