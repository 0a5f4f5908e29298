package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineResult;
import dev.anvil.operator.run.Substitution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Pipeline's published results: each spec.results value whose references have values (tasks succeeded). */
final class PipelineResults {

  private PipelineResults() {
  }

  static Map<String, String> of(Pipeline pipeline, PipelineShape shape, Map<String, TaskStep> steps) {
    var results = new LinkedHashMap<String, String>();
    var declared = pipeline.getSpec().getResults();
    var resolver = new TaskResolver(pipeline, shape, steps, null);
    for (PipelineResult result : declared == null ? List.<PipelineResult>of() : declared) {
      try {
        results.put(result.getName(), Substitution.apply(result.getValue(), resolver));
      } catch (Substitution.UnresolvedReference e) {
        // not (yet) available: left out, as Tekton does
      }
    }
    return results;
  }
}
