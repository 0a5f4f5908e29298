package dev.anvil.operator.workflow;

import dev.anvil.crds.v1alpha1.NodeDependency;
import dev.anvil.crds.v1alpha1.Param;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.operator.run.DurationCheck;
import dev.anvil.operator.run.Graph;
import dev.anvil.operator.run.JsonStrings;
import dev.anvil.operator.run.ParamValues;
import dev.anvil.operator.run.Substitution;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Workflow spec checked and indexed: nodes by name with their kind, the graph, condition branches, param values.
 * Everything that makes a spec unrunnable is collected, so one InvalidSpec message names it all.
 */
final class WorkflowShape {

  static final Set<String> CONTEXT = Set.of("context.workflow.name", "context.workflow.namespace",
      "context.workflow.uid", "context.node.name", "context.node.attempt");

  /** A node read by a condition: {@code nodes.name} or {@code nodes['name-with-dashes']}. */
  private static final Pattern CEL_NODE =
      Pattern.compile("\\bnodes\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*['\"]([^'\"]+)['\"]\\s*])");

  final Map<String, WorkflowNode> nodes = new LinkedHashMap<>();
  final Map<String, NodeKind> kinds = new LinkedHashMap<>();
  final Map<String, String> params = new LinkedHashMap<>();
  /** Per node in a condition's then/else: the condition and the branch value that lets it run. */
  final Map<String, Map.Entry<String, Boolean>> branches = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();
  Graph graph;

  private WorkflowShape() {
  }

  static WorkflowShape of(WorkflowSpec spec, ConditionExpression conditions) {
    var shape = new WorkflowShape();
    if (spec == null || spec.unreadable() != null) {
      shape.problems.add(spec == null ? "spec is missing" : spec.unreadable());
      return shape;
    }
    shape.read(spec, conditions);
    return shape;
  }

  boolean valid() {
    return problems.isEmpty();
  }

  List<NodeDependency> dependencies(String node) {
    var deps = nodes.get(node).getDependsOn();
    return deps == null ? List.of() : deps;
  }

  private void read(WorkflowSpec spec, ConditionExpression conditions) {
    params.putAll(ParamValues.read(spec.getParams(), problems));
    var declared = spec.getNodes() == null ? List.<WorkflowNode>of() : spec.getNodes();
    if (declared.isEmpty()) {
      problems.add("spec.nodes is empty");
    }
    var names = new ArrayList<String>();
    var edges = new LinkedHashMap<String, Set<String>>();
    for (var node : declared) {
      if (node == null || node.getName() == null) {
        problems.add("a node has no name");
        continue;
      }
      names.add(node.getName());
      nodes.putIfAbsent(node.getName(), node);
      var kinds = NodeKind.of(node);
      if (kinds.size() != 1) {
        problems.add("node " + node.getName() + " must set exactly one of job, pipeline, bmc, http, delay, approval "
            + "or condition" + (kinds.isEmpty() ? "" : " (it sets " + kinds + ")"));
      } else {
        this.kinds.putIfAbsent(node.getName(), kinds.get(0));
      }
      var deps = new LinkedHashSet<String>();
      for (var dep : node.getDependsOn() == null ? List.<NodeDependency>of() : node.getDependsOn()) {
        deps.add(dep.getNode());
      }
      edges.put(node.getName(), deps);
    }
    var graphProblems = new ArrayList<String>();
    graph = Graph.of(names, edges, "node", graphProblems);
    problems.addAll(graphProblems);
    checkDurations(spec);
    for (var node : nodes.values()) {
      var kind = kinds.get(node.getName());
      if (kind == null) {
        continue;
      }
      if (node.getCircuitBreaker() != null && kind != NodeKind.http && kind != NodeKind.bmc) {
        problems.add("node " + node.getName() + ": circuitBreaker applies to http and bmc nodes only");
      }
      if (kind == NodeKind.condition) {
        checkCondition(node, conditions);
      }
      if (graph != null) {
        checkReferences(node, kind);
      }
    }
  }

  private void checkDurations(WorkflowSpec spec) {
    DurationCheck.check("spec.timeout", spec.getTimeout(), problems);
    for (var node : nodes.values()) {
      DurationCheck.check("timeout of node " + node.getName(), node.getTimeout(), problems);
      if (node.getDelay() != null && node.getDelay().getDuration() == null) {
        problems.add("delay of node " + node.getName() + ": duration is required");
      } else if (node.getDelay() != null) {
        DurationCheck.check("delay of node " + node.getName(), node.getDelay().getDuration(), problems);
      }
      if (node.getHttp() != null && node.getHttp().getUrl() == null) {
        problems.add("http.url of node " + node.getName() + " is required");
      }
      if (node.getHttp() != null) {
        DurationCheck.check("http.timeout of node " + node.getName(), node.getHttp().getTimeout(), problems);
      }
      if (node.getCircuitBreaker() != null) {
        var breaker = node.getCircuitBreaker();
        DurationCheck.check("circuitBreaker.window of node " + node.getName(), breaker.getWindow(), problems);
        DurationCheck.check("circuitBreaker.openFor of node " + node.getName(), breaker.getOpenFor(), problems);
      }
    }
  }


  private void checkCondition(WorkflowNode node, ConditionExpression conditions) {
    var condition = node.getCondition();
    conditions.compileError(condition.getExpression())
        .ifPresent(error -> problems.add("condition of node " + node.getName() + ": " + error));
    addBranch(node.getName(), condition.getThen(), true);
    addBranch(node.getName(), condition.getElseNodes(), false);
    if (graph != null && condition.getExpression() != null) {
      var upstream = upstreamOf(node.getName());
      var read = CEL_NODE.matcher(condition.getExpression());
      while (read.find()) {
        var source = read.group(1) != null ? read.group(1) : read.group(2);
        if (!upstream.contains(source)) {
          problems.add("condition of node " + node.getName() + " reads nodes." + source + ", which it does not "
              + "(directly or indirectly) depend on: its value would depend on timing");
        }
      }
    }
  }

  private void addBranch(String condition, List<String> targets, boolean value) {
    for (var target : targets == null ? List.<String>of() : targets) {
      var node = nodes.get(target);
      if (node == null) {
        problems.add("condition " + condition + " names unknown node " + target);
      } else if (node.getDependsOn() == null
          || node.getDependsOn().stream().noneMatch(d -> condition.equals(d.getNode()))) {
        problems.add("node " + target + " is in a branch of condition " + condition + " but does not depend on it");
      } else if (branches.putIfAbsent(target, Map.entry(condition, value)) != null) {
        problems.add("node " + target + " is in more than one condition branch");
      }
    }
  }

  /** Checks every reference in the node's own spec: known params, upstream nodes only, known context values. */
  private void checkReferences(WorkflowNode node, NodeKind kind) {
    var upstream = upstreamOf(node.getName());
    var ownParams = new HashSet<String>();
    if (kind == NodeKind.pipeline && node.getPipeline().getParams() != null) {
      node.getPipeline().getParams().stream().map(Param::getName).forEach(ownParams::add);
    }
    var checked = new HashSet<String>();
    for (var text : JsonStrings.of(kind.specOf(node))) {
      for (var ref : Substitution.references(text)) {
        if (checked.add(ref)) {
          checkReference(node.getName(), kind, ref, upstream, ownParams);
        }
      }
    }
  }

  private void checkReference(String node, NodeKind kind, String ref, Set<String> upstream, Set<String> ownParams) {
    var where = "node " + node;
    if (ref.startsWith("params.")) {
      if (!ownParams.contains(ref.substring("params.".length()))) {
        ParamValues.check(ref, params, where, problems);
      }
    } else if (ref.startsWith("context.")) {
      if (!CONTEXT.contains(ref) && !(kind == NodeKind.pipeline && ref.startsWith("context.pipeline."))
          && !(kind == NodeKind.pipeline && ref.equals("context.task.name"))) {
        problems.add(where + " references unknown $(" + ref + "); known: " + String.join(", ", CONTEXT));
      }
    } else if (ref.startsWith("nodes.")) {
      var parts = ref.split("\\.", 3);
      var source = parts.length > 1 ? parts[1] : "";
      var result = Substitution.resultReference(ref, "nodes");
      if (result == null && !(parts.length == 3 && parts[2].equals("phase"))) {
        problems.add(where + " has an unknown reference $(" + ref + "); use $(nodes.<node>.results.<key>) or "
            + "$(nodes.<node>.phase)");
      } else if (!nodes.containsKey(source)) {
        problems.add(where + " references unknown node " + source);
      } else if (!upstream.contains(source)) {
        problems.add(where + " references " + source + ", which it does not (directly or indirectly) depend on");
      }
    } else if (!(kind == NodeKind.pipeline && ref.startsWith("tasks."))) {
      problems.add(where + " has an unknown reference $(" + ref + ")");
    }
  }

  /** Every node {@code node} waits for, directly or indirectly. */
  Set<String> upstreamOf(String node) {
    var seen = new LinkedHashSet<String>();
    var queue = new ArrayDeque<>(graph.upstream(node));
    while (!queue.isEmpty()) {
      var next = queue.poll();
      if (seen.add(next)) {
        queue.addAll(graph.upstream(next));
      }
    }
    return seen;
  }
}
