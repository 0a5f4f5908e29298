package dev.anvil.crds.v1alpha1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The value of a Workflow's {@link Workflow#REPLAY_ANNOTATION}, {@code <node>[,<node>...]} or {@code all}: read by
 * the operator, which replays, and written by whoever asks (kubectl annotate, the apiserver's replay subresource).
 *
 * @param all   every node dead-lettered when the operator reads it
 * @param nodes the nodes named, in order, without duplicates; empty when {@code all}
 */
public record ReplayRequest(boolean all, List<String> nodes) {

  public static final String ALL = "all";

  public ReplayRequest {
    nodes = all ? List.of() : List.copyOf(new LinkedHashSet<>(nodes));
  }

  /** The request an annotation value holds; blank names are dropped. */
  public static ReplayRequest parse(String value) {
    if (value.trim().equals(ALL)) {
      return new ReplayRequest(true, List.of());
    }
    return new ReplayRequest(false, Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList());
  }

  /** A request for both: {@code all} if either is, else the nodes of this one, then the new ones of {@code other}. */
  public ReplayRequest and(ReplayRequest other) {
    if (all || other.all) {
      return new ReplayRequest(true, List.of());
    }
    var merged = new ArrayList<>(nodes);
    merged.addAll(other.nodes);
    return new ReplayRequest(false, merged);
  }

  /** The annotation value. */
  public String value() {
    return all ? ALL : String.join(",", nodes);
  }
}
