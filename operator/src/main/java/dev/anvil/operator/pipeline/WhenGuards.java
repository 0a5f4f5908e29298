package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.WhenExpression;
import dev.anvil.operator.run.Substitution;
import java.util.List;

/** Evaluates a task's {@code when} expressions: every one must hold for the task to run. */
final class WhenGuards {

  private WhenGuards() {
  }

  /**
   * Describes the first guard that does not hold, or returns null when all hold; throws
   * {@link Substitution.UnresolvedReference} when a reference has no value.
   */
  static String firstFalse(List<WhenExpression> guards, Substitution.Resolver resolver) {
    for (var guard : guards == null ? List.<WhenExpression>of() : guards) {
      var input = Substitution.apply(guard.getInput(), resolver);
      var values = guard.getValues().stream().map(v -> Substitution.apply(v, resolver)).toList();
      boolean in = values.contains(input);
      boolean holds = guard.getOperator() == WhenExpression.Operator.notin ? !in : in;
      if (!holds) {
        return "when: '" + input + "' " + guard.getOperator() + " " + values + " is false";
      }
    }
    return null;
  }
}
