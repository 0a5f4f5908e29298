package dev.anvil.operator.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $(...)} references of Pipelines and Workflows: {@code $(params.x)}, {@code $(tasks.t.results.k)},
 * {@code $(tasks.status)}, {@code $(nodes.n.results.k)}, {@code $(context.pipeline.name)}.
 *
 * <p>Only references with one of these roots are ours; anything else, such as a shell's {@code $(date)} in a command,
 * is left exactly as written.
 */
public final class Substitution {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\(((?:params|tasks|nodes|context)\\.[A-Za-z0-9_.\\-]+)\\)");

  private Substitution() {
  }

  /** Resolves one reference (the text inside the parentheses) to its value. */
  @FunctionalInterface
  public interface Resolver {
    /** Returns the value; throws {@link UnresolvedReference} when it has none (yet). */
    String resolve(String reference);
  }

  /** A reference that names nothing, or something without a value yet. */
  public static final class UnresolvedReference extends RuntimeException {
    public UnresolvedReference(String message) {
      super(message);
    }
  }

  /** The references in {@code text}, in order, without the {@code $( )}. */
  public static List<String> references(String text) {
    var found = new ArrayList<String>();
    if (text == null || !text.contains("$(")) {
      return found;
    }
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** Replaces every reference in {@code text} with its value. */
  public static String apply(String text, Resolver resolver) {
    if (text == null || !text.contains("$(")) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    var out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(resolver.resolve(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A parsed {@code tasks.<name>.results.<key>} or {@code nodes.<name>.results.<key>} reference, or null. */
  public static ResultReference resultReference(String reference, String root) {
    var prefix = root + ".";
    if (!reference.startsWith(prefix)) {
      return null;
    }
    var rest = reference.substring(prefix.length());
    int dot = rest.indexOf('.');
    if (dot <= 0 || !rest.startsWith("results.", dot + 1)) {
      return null;
    }
    var key = rest.substring(dot + 1 + "results.".length());
    return key.isEmpty() ? null : new ResultReference(rest.substring(0, dot), key);
  }

  /** One task's or node's result, as referenced. */
  public record ResultReference(String step, String key) {
  }
}
