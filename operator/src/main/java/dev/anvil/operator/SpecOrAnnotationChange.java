package dev.anvil.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Lets through updates that change the spec (generation), the annotations or the deletion mark, and drops the
 * operator's own status writes. For kinds whose annotations are requests (power actions, approvals, replays, stop),
 * which generation-aware processing would ignore until the next periodic look.
 */
public final class SpecOrAnnotationChange implements OnUpdateFilter<HasMetadata> {

  @Override
  public boolean accept(HasMetadata updated, HasMetadata old) {
    var now = updated.getMetadata();
    var before = old.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getAnnotations(), before.getAnnotations())
        || now.getDeletionTimestamp() != null && before.getDeletionTimestamp() == null
        || !Objects.equals(now.getFinalizers(), before.getFinalizers());
  }
}
