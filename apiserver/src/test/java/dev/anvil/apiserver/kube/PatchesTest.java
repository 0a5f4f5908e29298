package dev.anvil.apiserver.kube;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PatchesTest {

  private static final com.fasterxml.jackson.databind.JsonNode STORED = KubeJson.read("""
      {"metadata": {"name": "j", "labels": {"a": "1", "b": "2"}}, "spec": {"list": [1, 2], "x": 1}}
      """.getBytes(UTF_8));

  @Test
  void mergePatchReplacesListsAndNullRemoves() {
    var patched = Patches.apply(Patches.Type.MERGE, STORED,
        "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}},\"spec\":{\"list\":[3]}}".getBytes(UTF_8));
    assertThat(patched.toString()).isEqualTo(
        "{\"metadata\":{\"name\":\"j\",\"labels\":{\"b\":\"2\",\"c\":\"3\"}},\"spec\":{\"list\":[3],\"x\":1}}");
    assertThat(STORED.path("metadata").path("labels").has("a")).as("the stored object is left alone").isTrue();
  }

  @Test
  void jsonPatchAppliesOperationsAndAFailedTestIsUnprocessable() {
    var patched = Patches.apply(Patches.Type.JSON, STORED,
        "[{\"op\":\"add\",\"path\":\"/spec/list/-\",\"value\":9},{\"op\":\"remove\",\"path\":\"/spec/x\"}]"
            .getBytes(UTF_8));
    assertThat(patched.path("spec").toString()).isEqualTo("{\"list\":[1,2,9]}");
    assertThatThrownBy(() -> Patches.apply(Patches.Type.JSON, STORED,
        "[{\"op\":\"test\",\"path\":\"/spec/x\",\"value\":2}]".getBytes(UTF_8)))
        .isInstanceOfSatisfying(ApiStatusException.class, e -> assertThat(e.code()).isEqualTo(422));
  }

  @Test
  void applyMergesTheYamlConfiguration() {
    var patched = Patches.apply(Patches.Type.APPLY, STORED, "spec:\n  x: 5\n".getBytes(UTF_8));
    assertThat(patched.path("spec").toString()).isEqualTo("{\"list\":[1,2],\"x\":5}");
  }

  @Test
  void strategicMergeAndUnknownTypesAre415() {
    assertThatThrownBy(() -> Patches.Type.of("application/strategic-merge-patch+json"))
        .isInstanceOfSatisfying(ApiStatusException.class, e -> assertThat(e.code()).isEqualTo(415));
    assertThatThrownBy(() -> Patches.Type.of("text/plain"))
        .isInstanceOfSatisfying(ApiStatusException.class, e -> assertThat(e.code()).isEqualTo(415));
    assertThat(Patches.Type.of("application/merge-patch+json; charset=utf-8")).isEqualTo(Patches.Type.MERGE);
  }
}
