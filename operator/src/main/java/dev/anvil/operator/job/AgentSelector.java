package dev.anvil.operator.job;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Matches agent labels against a Kubernetes LabelSelector with the API server's semantics (all terms must hold). */
public final class AgentSelector {

  private AgentSelector() {
  }

  /** Whether {@code labels} satisfy {@code selector}; a null or empty selector matches every agent. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    var matchLabels = selector.getMatchLabels() == null ? Map.<String, String>of() : selector.getMatchLabels();
    for (var e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    var expressions = selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
        : selector.getMatchExpressions();
    return expressions.stream().allMatch(r -> holds(r, labels));
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    var value = labels.get(requirement.getKey());
    var values = requirement.getValues() == null ? List.<String>of() : requirement.getValues();
    return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      // as in Kubernetes, NotIn also matches objects without the key
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(requirement.getKey());
      case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
      default -> false; // an operator the selector language does not have matches nothing, never everything
    };
  }
}
