package dev.anvil.crds.validation;

import java.util.regex.Pattern;

/** Turns CEL-Java's evaluation errors into the short text kube-apiserver shows (the cause, without the position). */
public final class CelErrors {

  private static final Pattern MISSING_KEY = Pattern.compile("key '(.*)' is not present in map\\.?");

  private CelErrors() {
  }

  /** The cause of an evaluation error, e.g. {@code no such key: x}. */
  public static String text(Exception e) {
    var text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // CEL-Java prefixes evaluation errors with "evaluation error at <position>: "
    var colon = text.startsWith("evaluation error") ? text.indexOf(": ") : -1;
    var cause = colon >= 0 ? text.substring(colon + 2) : text;
    var missing = MISSING_KEY.matcher(cause);
    return missing.matches() ? "no such key: " + missing.group(1) : cause;
  }
}
