package dev.anvil.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayRequestTest {

  @Test
  void readsNodesOrAllAsKubectlAnnotateUsersWriteThem() {
    assertThat(ReplayRequest.parse(" a, b,,a ")).isEqualTo(new ReplayRequest(false, List.of("a", "b")));
    assertThat(ReplayRequest.parse(" all ")).isEqualTo(new ReplayRequest(true, List.of()));
    assertThat(ReplayRequest.parse("a,all").nodes()).as("all only on its own").containsExactly("a", "all");
  }

  @Test
  void mergingKeepsWhatWaitedAndAddsTheNewNodesOrBecomesAll() {
    var waiting = ReplayRequest.parse("a,b");

    assertThat(waiting.and(ReplayRequest.parse("b,c")).value()).isEqualTo("a,b,c");
    assertThat(waiting.and(ReplayRequest.parse("all")).value()).isEqualTo("all");
    assertThat(ReplayRequest.parse("all").and(waiting).value()).isEqualTo("all");
  }
}
