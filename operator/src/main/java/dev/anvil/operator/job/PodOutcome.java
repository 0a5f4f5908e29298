package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.FailureReason;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** How an attempt's Pod ended, read from its status: the attempt reason, exit code and message. */
public record PodOutcome(String reason, Integer exitCode, String message) {

  /** Whether the Pod's containers have stopped for good: it succeeded or failed. */
  public static boolean terminated(Pod pod) {
    var phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** The outcome of a Pod that has ended, or empty while it still runs. */
  public static Optional<PodOutcome> of(Pod pod) {
    var status = pod.getStatus();
    var phase = status == null ? null : status.getPhase();
    if ("Succeeded".equals(phase)) {
      return Optional.of(new PodOutcome(Attempt.COMPLETED, exitCode(pod, false), null));
    }
    if ("Failed".equals(phase)) {
      var podReason = status.getReason();
      var reason = "Evicted".equals(podReason) || disrupted(pod) ? FailureReason.Evicted.name()
          : "DeadlineExceeded".equals(podReason) ? FailureReason.DeadlineExceeded.name()
          : FailureReason.Failed.name();
      var terminated = firstFailure(pod);
      var message = status.getMessage() != null ? status.getMessage()
          : terminated == null ? null : terminated.getMessage();
      return Optional.of(new PodOutcome(reason, exitCode(pod, true), message));
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of(disrupted(pod)
          ? new PodOutcome(FailureReason.Evicted.name(), null, "the Pod was evicted (DisruptionTarget) while it ran")
          : new PodOutcome(FailureReason.PodDeleted.name(), null, "the Pod was deleted while it ran"));
    }
    return Optional.empty();
  }

  /** The kubelet or the control plane marked the Pod for disruption: preemption, a taint, a drain's eviction. */
  private static boolean disrupted(Pod pod) {
    var conditions = pod.getStatus() == null ? null : pod.getStatus().getConditions();
    return conditions != null && conditions.stream()
        .anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Integer exitCode(Pod pod, boolean failed) {
    var terminated = failed ? firstFailure(pod) : firstTerminated(pod);
    return terminated == null ? null : terminated.getExitCode();
  }

  private static ContainerStateTerminated firstFailure(Pod pod) {
    return terminatedStates(pod).filter(t -> t.getExitCode() != null && t.getExitCode() != 0).findFirst()
        .orElse(firstTerminated(pod));
  }

  private static ContainerStateTerminated firstTerminated(Pod pod) {
    return terminatedStates(pod).findFirst().orElse(null);
  }

  private static Stream<ContainerStateTerminated> terminatedStates(Pod pod) {
    var statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return Stream.empty();
    }
    return statuses.stream().map(ContainerStatus::getState).filter(Objects::nonNull)
        .map(s -> s.getTerminated()).filter(Objects::nonNull);
  }
}
