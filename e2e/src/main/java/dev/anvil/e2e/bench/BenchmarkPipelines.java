package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.PipelineSpec;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.e2e.platform.AgentStack;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Pipelines the Pipeline benchmark runs: N Agent tasks whose command is {@code true}, in one of three shapes. */
final class BenchmarkPipelines {

  /** How the tasks depend on each other. */
  enum Shape {
    /** No dependencies: every task may start at once. */
    WIDE,
    /** Each task runs after the one before it. */
    CHAIN,
    /** Layers of {@code width} tasks; each task runs after two tasks of the layer before it. */
    LAYERS;

    static Shape parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--shape must be wide, chain or layers, was '" + text + "'");
      }
    }
  }

  private BenchmarkPipelines() {
  }

  static String taskName(int index) {
    return "t" + index;
  }

  /** Each task's upstream tasks, in spec order. */
  static Map<String, List<String>> dependencies(Shape shape, int tasks, int layerWidth) {
    var deps = new LinkedHashMap<String, List<String>>();
    for (int i = 0; i < tasks; i++) {
      var upstream = new ArrayList<String>();
      if (shape == Shape.CHAIN && i > 0) {
        upstream.add(taskName(i - 1));
      } else if (shape == Shape.LAYERS && i >= layerWidth) {
        int layerStart = (i / layerWidth - 1) * layerWidth;
        int position = i % layerWidth;
        upstream.add(taskName(layerStart + position));
        int second = layerStart + (position + 1) % layerWidth;
        if (second != layerStart + position) {
          upstream.add(taskName(second));
        }
      }
      deps.put(taskName(i), upstream);
    }
    return deps;
  }

  /** A Pipeline of the given tasks, each an Agent Job {@code true} on the embedded platform's agents. */
  static Pipeline pipeline(String namespace, String name, Map<String, List<String>> dependencies,
      Integer maxParallel) {
    var tasks = new ArrayList<PipelineTask>();
    dependencies.forEach((task, upstream) -> {
      var agent = new AgentTask();
      agent.setCommand(List.of("true"));
      agent.setSelector(new LabelSelectorBuilder()
          .withMatchLabels(Map.of("anvil.dev/datacenter", AgentStack.DATACENTER)).build());
      var job = new JobSpec();
      job.setExecutor(Executor.Agent.name());
      job.setAgent(agent);
      var pipelineTask = new PipelineTask(task, job);
      if (!upstream.isEmpty()) {
        pipelineTask.setRunAfter(upstream);
      }
      tasks.add(pipelineTask);
    });
    var spec = new PipelineSpec();
    spec.setTasks(tasks);
    spec.setMaxParallel(maxParallel);
    var pipeline = new Pipeline();
    pipeline.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    pipeline.setSpec(spec);
    return pipeline;
  }
}
