package dev.anvil.operator.workflow.nodes;

import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeStep;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;

/** Creates a node's child object; a collision with our own earlier create is fine, a refusal fails the attempt. */
final class ChildCreation {

  private ChildCreation() {
  }

  static NodeStep create(NodeAttempt attempt, HasMetadata child, String kind) {
    try {
      attempt.services().client().resource(child).create();
      return new NodeStep.Running("started " + kind + " " + child.getMetadata().getName(), null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        var existing = attempt.services().client().resource(child).get();
        var uid = attempt.workflow().getMetadata().getUid();
        boolean ours = existing != null && existing.getMetadata().getOwnerReferences() != null
            && existing.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
        return ours ? new NodeStep.Running("started " + kind + " " + child.getMetadata().getName(), Duration.ofSeconds(1))
            : new NodeStep.Failed("NameTaken", "a " + kind + " named " + child.getMetadata().getName()
                + " already exists and is not this Workflow's", false);
      }
      if (e.getCode() == 422 || e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST) {
        return new NodeStep.Failed("InvalidSpec", "the API refused its " + kind + ": "
            + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()), false);
      }
      throw e;
    }
  }
}
