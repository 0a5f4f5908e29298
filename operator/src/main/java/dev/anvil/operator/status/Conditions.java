package dev.anvil.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Sets Kubernetes conditions in place; lastTransitionTime moves only when a condition's status flips. */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {
  }

  /** Sets (or adds) the condition of {@code type} in {@code conditions}. */
  public static void set(List<Condition> conditions, String type, String status, String reason, String message,
      Long observedGeneration, Instant now) {
    var existing = find(conditions, type);
    if (existing == null) {
      conditions.add(new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
          .withObservedGeneration(observedGeneration).withLastTransitionTime(now.toString()).build());
      return;
    }
    if (!Objects.equals(existing.getStatus(), status)) {
      existing.setLastTransitionTime(now.toString());
    }
    existing.setStatus(status);
    existing.setReason(reason);
    existing.setMessage(message);
    existing.setObservedGeneration(observedGeneration);
  }

  /** Removes the condition of {@code type}, if present. */
  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }

  public static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    var c = find(conditions, type);
    return c != null && TRUE.equals(c.getStatus());
  }
}
