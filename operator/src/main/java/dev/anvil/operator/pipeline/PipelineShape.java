package dev.anvil.operator.pipeline;

import dev.anvil.crds.v1alpha1.PipelineSpec;
import dev.anvil.crds.v1alpha1.PipelineTask;
import dev.anvil.crds.v1alpha1.WhenExpression;
import dev.anvil.operator.run.DurationCheck;
import dev.anvil.operator.run.Graph;
import dev.anvil.operator.run.JsonStrings;
import dev.anvil.operator.run.ParamValues;
import dev.anvil.operator.run.Substitution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Pipeline spec checked and indexed: tasks by name, the graph (runAfter plus result references), param values.
 * Everything that makes a spec unrunnable is collected as problems, so one InvalidSpec message names them all.
 */
final class PipelineShape {

  static final Set<String> CONTEXT = Set.of("context.pipeline.name", "context.pipeline.namespace",
      "context.pipeline.uid", "context.task.name");

  final Map<String, PipelineTask> tasks = new LinkedHashMap<>();
  final Set<String> finallyNames = new LinkedHashSet<>();
  final Map<String, String> params = new LinkedHashMap<>();
  /** Per task: the tasks whose results it references (it waits for them like for runAfter). */
  final Map<String, Set<String>> resultSources = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  Graph graph;

  private PipelineShape() {
  }

  static PipelineShape of(PipelineSpec spec) {
    var shape = new PipelineShape();
    if (spec == null || spec.unreadable() != null) {
      shape.problems.add(spec == null ? "spec is missing" : spec.unreadable());
      return shape;
    }
    shape.read(spec);
    return shape;
  }

  boolean valid() {
    return problems.isEmpty();
  }

  boolean isFinally(String task) {
    return finallyNames.contains(task);
  }

  List<String> regularNames() {
    return tasks.keySet().stream().filter(n -> !isFinally(n)).toList();
  }

  private void read(PipelineSpec spec) {
    params.putAll(ParamValues.read(spec.getParams(), problems));
    var names = new ArrayList<String>();
    var dependencies = new LinkedHashMap<String, Set<String>>();
    var regular = spec.getTasks() == null ? List.<PipelineTask>of() : spec.getTasks();
    var finals = spec.getFinallyTasks() == null ? List.<PipelineTask>of() : spec.getFinallyTasks();
    if (regular.isEmpty()) {
      problems.add("spec.tasks is empty");
    }
    regular.forEach(t -> index(t, false, names));
    finals.forEach(t -> index(t, true, names));
    for (var task : tasks.values()) {
      var deps = new LinkedHashSet<String>(task.getRunAfter() == null ? List.of() : task.getRunAfter());
      checkRunAfter(task, deps);
      deps.addAll(checkReferences(task));
      dependencies.put(task.getName(), deps);
    }
    checkTimeouts(spec);
    checkResults(spec);
    var graphProblems = new ArrayList<String>();
    graph = Graph.of(names, dependencies, "task", graphProblems);
    problems.addAll(graphProblems);
  }

  private void index(PipelineTask task, boolean isFinally, List<String> names) {
    if (task == null || task.getName() == null) {
      problems.add("a task has no name");
      return;
    }
    names.add(task.getName());
    if (task.getJob() == null) {
      problems.add("task " + task.getName() + " has no job");
    }
    tasks.putIfAbsent(task.getName(), task);
    if (isFinally) {
      finallyNames.add(task.getName());
    }
  }

  private void checkRunAfter(PipelineTask task, Set<String> deps) {
    boolean isFinally = isFinally(task.getName());
    for (var dep : deps) {
      if (tasks.containsKey(dep) && isFinally(dep) != isFinally) {
        problems.add(isFinally ? "finally task " + task.getName() + " may run after finally tasks only, not " + dep
            : "task " + task.getName() + " cannot run after finally task " + dep);
      }
    }
  }

  /** Checks every reference in the task and returns the tasks whose results it needs. */
  private Set<String> checkReferences(PipelineTask task) {
    var strings = new ArrayList<>(JsonStrings.of(task.getJob()));
    for (WhenExpression when : task.getWhen() == null ? List.<WhenExpression>of() : task.getWhen()) {
      strings.add(when.getInput());
      if (when.getValues() != null) {
        strings.addAll(when.getValues());
      }
    }
    var sources = new LinkedHashSet<String>();
    var checked = new HashSet<String>();
    for (var text : strings) {
      for (var ref : Substitution.references(text)) {
        if (checked.add(ref)) {
          checkReference(task.getName(), ref, sources);
        }
      }
    }
    resultSources.put(task.getName(), sources);
    if (!isFinally(task.getName())) {
      return sources;
    }
    // a finally task waits for every regular task anyway: only its references to finally tasks are edges
    var edges = new LinkedHashSet<String>(sources);
    edges.removeIf(source -> !isFinally(source));
    return edges;
  }

  private void checkReference(String task, String ref, Set<String> sources) {
    boolean isFinally = isFinally(task);
    if (ref.startsWith("params.")) {
      ParamValues.check(ref, params, "task " + task, problems);
      return;
    }
    if (ref.startsWith("context.")) {
      if (!CONTEXT.contains(ref)) {
        problems.add("task " + task + " references unknown $(" + ref + "); known: " + String.join(", ", CONTEXT));
      }
      return;
    }
    if (ref.equals("tasks.status") || ref.matches("tasks\\.[^.]+\\.status")) {
      if (!isFinally) {
        problems.add("task " + task + " uses $(" + ref + "), which only finally tasks can use");
      } else if (!ref.equals("tasks.status") && !tasks.containsKey(ref.split("\\.")[1])) {
        problems.add("task " + task + " references unknown task in $(" + ref + ")");
      }
      return;
    }
    var result = Substitution.resultReference(ref, "tasks");
    if (result == null || ref.startsWith("nodes.")) {
      problems.add("task " + task + " has an unknown reference $(" + ref + ")");
    } else if (!tasks.containsKey(result.step())) {
      problems.add("task " + task + " references results of unknown task " + result.step());
    } else if (isFinally(result.step()) && !isFinally) {
      problems.add("task " + task + " cannot use results of finally task " + result.step());
    } else {
      sources.add(result.step());
    }
  }

  private void checkTimeouts(PipelineSpec spec) {
    DurationCheck.check("spec.timeout", spec.getTimeout(), problems);
    tasks.values().forEach(t -> DurationCheck.check("timeout of task " + t.getName(), t.getTimeout(), problems));
  }


  private void checkResults(PipelineSpec spec) {
    for (var result : spec.getResults() == null ? List.<dev.anvil.crds.v1alpha1.PipelineResult>of()
        : spec.getResults()) {
      for (var ref : Substitution.references(result.getValue())) {
        var parsed = Substitution.resultReference(ref, "tasks");
        if (ref.startsWith("params.") && params.containsKey(ref.substring(7))) {
          continue;
        }
        if (parsed == null || !tasks.containsKey(parsed.step())) {
          problems.add("result " + result.getName() + " has an unknown reference $(" + ref + ")");
        }
      }
    }
  }
}
