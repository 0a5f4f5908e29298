package dev.anvil.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphTest {

  @Test
  void ordersEveryNameAfterWhatItWaitsFor() {
    var problems = new ArrayList<String>();
    var graph = Graph.of(List.of("package", "test", "build"),
        Map.of("package", Set.of("test"), "test", Set.of("build")), "task", problems);
    assertThat(problems).isEmpty();
    assertThat(graph.order()).containsExactly("build", "test", "package");
    assertThat(graph.upstream("package")).containsExactly("test");
  }

  @Test
  void namesTheCycleButNotWhatMerelyWaitsForIt() {
    var problems = new ArrayList<String>();
    var graph = Graph.of(List.of("a", "b", "c", "d", "e"),
        Map.of("a", Set.of("c"), "b", Set.of("a"), "c", Set.of("b"), "d", Set.of("c"), "e", Set.of()), "task",
        problems);
    assertThat(graph).isNull();
    assertThat(problems).containsExactly("dependency cycle among tasks: a, b, c");
  }

  @Test
  void namesUnknownSelfAndDuplicateReferences() {
    var problems = new ArrayList<String>();
    assertThat(Graph.of(List.of("a", "b", "a"), Map.of("b", Set.of("nope", "b")), "node", problems)).isNull();
    assertThat(problems).containsExactlyInAnyOrder("duplicate node name(s): a", "node b depends on unknown node nope",
        "node b depends on itself");
  }
}
