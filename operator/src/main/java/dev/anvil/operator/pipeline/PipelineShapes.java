package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checked specs of the Pipelines being run, by uid and generation: a 1,000-task spec is checked and indexed once per
 * change, not on every reconcile its child Jobs cause.
 */
final class PipelineShapes {

  /** Running Pipelines whose shapes are kept; beyond this the least recently used is checked again when needed. */
  static final int CAPACITY = 256;

  private record Key(String uid, Long generation) {
  }

  private final Map<Key, PipelineShape> shapes = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, PipelineShape> eldest) {
      return size() > CAPACITY;
    }
  };

  synchronized PipelineShape of(Pipeline pipeline) {
    var meta = pipeline.getMetadata();
    return shapes.computeIfAbsent(new Key(meta.getUid(), meta.getGeneration()),
        key -> PipelineShape.of(pipeline.getSpec()));
  }

  /** Forgets a finished or deleted Pipeline. */
  synchronized void forget(Pipeline pipeline) {
    shapes.keySet().removeIf(key -> key.uid().equals(pipeline.getMetadata().getUid()));
  }
}
