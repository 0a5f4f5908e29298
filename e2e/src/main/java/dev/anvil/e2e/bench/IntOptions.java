package dev.anvil.e2e.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Whole-number command-line options ({@code --jobs 1000}) over their defaults, for the benchmark mains. */
final class IntOptions {

  private final Map<String, Integer> values;

  private IntOptions(Map<String, Integer> values) {
    this.values = values;
  }

  /** Parses {@code args} as {@code --name value} pairs; a name not among {@code defaults} is an error. */
  static IntOptions parse(String[] args, Map<String, Integer> defaults) {
    var values = new LinkedHashMap<>(defaults);
    for (int i = 0; i < args.length; i += 2) {
      if (!values.containsKey(args[i])) {
        throw new IllegalArgumentException("unknown argument " + args[i] + " (known: " + usage(defaults) + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      try {
        values.put(args[i], Integer.parseInt(args[i + 1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i] + " needs a whole number, was '" + args[i + 1] + "'");
      }
    }
    return new IntOptions(values);
  }

  int get(String name) {
    var value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no option " + name);
    }
    return value;
  }

  private static String usage(Map<String, Integer> defaults) {
    var out = new StringBuilder();
    defaults.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append(' ').append(v));
    return out.toString();
  }
}
