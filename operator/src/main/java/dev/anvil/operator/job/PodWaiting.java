package dev.anvil.operator.job;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/** Says, from a pending Pod's status, what keeps it from running: an unschedulable Pod or a waiting container. */
final class PodWaiting {

  private PodWaiting() {
  }

  /** A short explanation, or null when the Pod gives none (for example, just created). */
  static String describe(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return null;
    }
    var status = pod.getStatus();
    if (status.getConditions() != null) {
      for (var condition : status.getConditions()) {
        if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())) {
          return join(condition.getReason(), condition.getMessage());
        }
      }
    }
    if (status.getContainerStatuses() != null) {
      return status.getContainerStatuses().stream()
          .map(c -> c.getState() == null ? null : c.getState().getWaiting())
          .filter(Objects::nonNull)
          .filter(w -> w.getReason() != null && !"ContainerCreating".equals(w.getReason()))
          .map(PodWaiting::describe)
          .findFirst().orElse(null);
    }
    return null;
  }

  private static String describe(ContainerStateWaiting waiting) {
    return join(waiting.getReason(), waiting.getMessage());
  }

  private static String join(String reason, String message) {
    if (reason == null) {
      return message;
    }
    return message == null ? reason : reason + ": " + message;
  }
}
