package dev.anvil.operator.run;

import dev.anvil.crds.v1alpha1.Durations;
import java.util.List;

/** Checks a duration field of a spec the API server did not validate. */
public final class DurationCheck {

  private DurationCheck() {
  }

  /** Adds a problem naming {@code what} when {@code text} is set and not a duration. */
  public static void check(String what, String text, List<String> problems) {
    if (text == null) {
      return;
    }
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(what + ": " + e.getMessage());
    }
  }
}
