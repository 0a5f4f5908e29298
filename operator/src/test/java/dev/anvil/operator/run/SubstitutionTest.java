package dev.anvil.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SubstitutionTest {

  private static final Map<String, String> VALUES = Map.of("params.version", "1.4.0",
      "tasks.build.results.image.tag", "v1$2\\x");

  private static String resolve(String ref) {
    var value = VALUES.get(ref);
    if (value == null) {
      throw new Substitution.UnresolvedReference("no " + ref);
    }
    return value;
  }

  @Test
  void replacesOurReferencesAndLeavesShellCommandSubstitutionAlone() {
    assertThat(Substitution.apply("make VERSION=$(params.version) DATE=$(date) T=$(tasks.build.results.image.tag)",
        SubstitutionTest::resolve)).isEqualTo("make VERSION=1.4.0 DATE=$(date) T=v1$2\\x");
    assertThat(Substitution.references("$(params.a) $(nodes.n.results.k) $(foo.bar) $(context.pipeline.name)"))
        .containsExactly("params.a", "nodes.n.results.k", "context.pipeline.name");
  }

  @Test
  void unresolvedReferencesFail() {
    assertThatThrownBy(() -> Substitution.apply("$(params.nope)", SubstitutionTest::resolve))
        .hasMessage("no params.nope");
  }

  @Test
  void parsesResultReferencesWithDottedKeys() {
    assertThat(Substitution.resultReference("tasks.build.results.image.tag", "tasks"))
        .isEqualTo(new Substitution.ResultReference("build", "image.tag"));
    assertThat(Substitution.resultReference("tasks.build.status", "tasks")).isNull();
    assertThat(Substitution.resultReference("nodes.probe.results.statusCode", "tasks")).isNull();
  }
}
