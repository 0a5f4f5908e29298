package dev.anvil.operator;

import dev.anvil.crds.v1alpha1.TolerantSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK's resource cloner (a JSON round trip), carrying over the mark of a spec that could not be read: the mark is
 * not part of the JSON, and without it the copy would look like an empty but readable spec.
 */
public final class TolerantSpecCloner implements Cloner {

  private final KubernetesSerialization serialization;

  public TolerantSpecCloner(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public <R extends HasMetadata> R clone(R object) {
    var copy = serialization.clone(object);
    if (object instanceof CustomResource<?, ?> original && original.getSpec() instanceof TolerantSpec spec
        && spec.unreadable() != null && ((CustomResource<?, ?>) copy).getSpec() instanceof TolerantSpec copied) {
      copied.markUnreadable(spec.unreadable());
    }
    return copy;
  }
}
