package dev.anvil.operator.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dependency graph of a Pipeline's tasks or a Workflow's nodes: names in spec order, each with the names it
 * waits for. Checks what makes a spec unrunnable (duplicates, unknown names, cycles) and gives a topological order.
 */
public final class Graph {

  private final Map<String, Set<String>> upstream;
  private final List<String> order;

  private Graph(Map<String, Set<String>> upstream, List<String> order) {
    this.upstream = upstream;
    this.order = order;
  }

  /** Builds the graph; problems (named, for the InvalidSpec message) go to {@code problems}, then null is returned. */
  public static Graph of(List<String> names, Map<String, ? extends Set<String>> dependencies, String kind,
      List<String> problems) {
    var upstream = new LinkedHashMap<String, Set<String>>();
    var duplicates = new LinkedHashSet<String>();
    for (var name : names) {
      if (upstream.putIfAbsent(name, new LinkedHashSet<>()) != null) {
        duplicates.add(name);
      }
    }
    if (!duplicates.isEmpty()) {
      problems.add("duplicate " + kind + " name(s): " + String.join(", ", duplicates));
    }
    dependencies.forEach((name, deps) -> {
      for (var dep : deps) {
        if (!upstream.containsKey(dep)) {
          problems.add(kind + " " + name + " depends on unknown " + kind + " " + dep);
        } else if (dep.equals(name)) {
          problems.add(kind + " " + name + " depends on itself");
        } else if (upstream.containsKey(name)) {
          upstream.get(name).add(dep);
        }
      }
    });
    if (!problems.isEmpty()) {
      return null;
    }
    var order = topological(upstream);
    if (order.size() < upstream.size()) {
      problems.add("dependency cycle among " + kind + "s: " + String.join(", ", onCycles(upstream, order)));
      return null;
    }
    return new Graph(upstream, order);
  }

  private static List<String> topological(Map<String, Set<String>> upstream) {
    var waiting = new HashMap<String, Integer>();
    var downstream = new HashMap<String, List<String>>();
    upstream.forEach((name, deps) -> {
      waiting.put(name, deps.size());
      deps.forEach(dep -> downstream.computeIfAbsent(dep, d -> new ArrayList<>()).add(name));
    });
    var ready = new ArrayDeque<String>();
    upstream.keySet().stream().filter(n -> waiting.get(n) == 0).forEach(ready::add);
    var order = new ArrayList<String>();
    while (!ready.isEmpty()) {
      var next = ready.poll();
      order.add(next);
      for (var down : downstream.getOrDefault(next, List.of())) {
        if (waiting.merge(down, -1, Integer::sum) == 0) {
          ready.add(down);
        }
      }
    }
    return order;
  }

  /** What no topological order reached, less what merely waits for a cycle: the names on (or between) cycles. */
  private static List<String> onCycles(Map<String, Set<String>> upstream, List<String> ordered) {
    var left = new LinkedHashSet<>(upstream.keySet());
    ordered.forEach(left::remove);
    boolean trimmed = true;
    while (trimmed) {
      trimmed = left.removeIf(name -> left.stream().noneMatch(other -> upstream.get(other).contains(name)));
    }
    return new ArrayList<>(left);
  }

  /** Names in an order where every name comes after everything it waits for. */
  public List<String> order() {
    return order;
  }

  /** What {@code name} waits for. */
  public Set<String> upstream(String name) {
    return upstream.getOrDefault(name, Set.of());
  }
}
