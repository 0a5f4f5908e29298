package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ColumnPathTest {

  private static final JsonNode JOB = KubeJson.read("""
      {"metadata": {"name": "j"},
       "spec": {"executor": "Pod", "steps": [{"name": "a"}, {"name": "b"}]},
       "status": {"conditions": [{"type": "Ready", "status": "False", "reason": "Waiting"},
                                 {"type": "Succeeded", "status": "True", "reason": "Completed"}]}}
      """.getBytes(java.nio.charset.StandardCharsets.UTF_8));

  @Test
  void followsFieldsIndexesWildcardsAndEqualityFilters() {
    assertThat(ColumnPath.compile(".spec.executor").first(JOB)).hasValueSatisfying(v -> assertThat(v.asText())
        .isEqualTo("Pod"));
    assertThat(ColumnPath.compile(".status.conditions[?(@.type==\"Succeeded\")].reason").first(JOB))
        .hasValueSatisfying(v -> assertThat(v.asText()).isEqualTo("Completed"));
    assertThat(ColumnPath.compile("{.spec.steps[1].name}").first(JOB)).hasValueSatisfying(v -> assertThat(v.asText())
        .isEqualTo("b"));
    assertThat(ColumnPath.compile(".spec.steps[-1].name").first(JOB)).hasValueSatisfying(v -> assertThat(v.asText())
        .isEqualTo("b"));
    assertThat(ColumnPath.compile(".spec.steps[*].name").first(JOB)).hasValueSatisfying(v -> assertThat(v.asText())
        .isEqualTo("a"));
    assertThat(ColumnPath.compile(".status.conditions[?(@.type!=\"Ready\")].status").first(JOB))
        .hasValueSatisfying(v -> assertThat(v.asText()).isEqualTo("True"));
  }

  @Test
  void findsNothingWhereTheObjectHasNothing() {
    assertThat(ColumnPath.compile(".status.phase").first(JOB)).isEmpty();
    assertThat(ColumnPath.compile(".status.conditions[?(@.type==\"Missing\")].status").first(JOB)).isEmpty();
    assertThat(ColumnPath.compile(".spec.executor.deeper").first(JOB)).isEmpty();
  }

  @Test
  void refusesWhatItCannotEvaluate() {
    assertThatThrownBy(() -> ColumnPath.compile(".spec[?(@.a > 1)]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ColumnPath.compile("spec")).isInstanceOf(IllegalArgumentException.class);
  }
}
