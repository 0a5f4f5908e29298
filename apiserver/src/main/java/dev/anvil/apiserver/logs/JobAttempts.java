package dev.anvil.apiserver.logs;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.protocol.AttemptId;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Finds which attempt's log a request means: the Job by name (for its uid), then the asked or current attempt. */
public final class JobAttempts {

  private final KubernetesClient kubernetes;
  private final AttemptLogReader logs;

  public JobAttempts(KubernetesClient kubernetes, AttemptLogReader logs) {
    this.kubernetes = kubernetes;
    this.logs = logs;
  }

  /**
   * The attempt {@code asked} (or, when null, the Job's {@code status.attempt}, else its last recorded attempt).
   *
   * @throws StatusException 404 when the Job or the attempt does not exist
   */
  public AttemptId resolve(String namespace, String name, Integer asked) {
    var job = kubernetes.resources(Job.class).inNamespace(namespace).withName(name).get();
    if (job == null) {
      throw StatusException.notFound(name, JobLogController.RESOURCE + " \"" + name + "\" not found");
    }
    var uid = job.getMetadata().getUid();
    var status = job.getStatus();
    var current = status == null ? null : status.getAttempt();
    if (current == null && status != null && !status.getAttempts().isEmpty()) {
      current = status.getAttempts().get(status.getAttempts().size() - 1).getNumber();
    }
    var number = asked != null ? asked : current;
    if (number == null) {
      throw StatusException.notFound(name, JobLogController.RESOURCE + " \"" + name + "\" has no attempt yet");
    }
    var attempt = new AttemptId(uid, number);
    // an attempt the status names, or one whose log is stored (the status may lag behind the first lines)
    var known = (current != null && number <= current)
        || (status != null && status.getAttempts().stream().mapToInt(Attempt::getNumber).anyMatch(n -> n == number))
        || logs.exists(attempt);
    if (!known) {
      throw StatusException.notFound(name,
          JobLogController.RESOURCE + " \"" + name + "\" attempt " + number + " not found");
    }
    return attempt;
  }
}
