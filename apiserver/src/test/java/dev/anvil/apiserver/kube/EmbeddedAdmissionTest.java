package dev.anvil.apiserver.kube;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.apiserver.kube.EmbeddedAdmission.FieldValidation;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedAdmissionTest {

  private final ServedResource jobs = new ServedResources(List.of()).byPlural("jobs").orElseThrow();
  private final ResourcePath collection = new ResourcePath(jobs, "lab", null);

  private static JsonNode json(String text) {
    return KubeJson.read(text.getBytes(UTF_8));
  }

  @Test
  void aCreateGetsTheNamespaceOfTheUrlLosesItsStatusAndIsDefaulted() {
    var admitted = EmbeddedAdmission.create(collection, json("""
        {"apiVersion": "anvil.dev/v1alpha1", "kind": "Job", "metadata": {"name": "j"},
         "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "busybox"}]}}},
         "status": {"phase": "Succeeded"}}
        """), FieldValidation.STRICT);
    assertThat(admitted.object().path("metadata").path("namespace").asText()).isEqualTo("lab");
    assertThat(admitted.object().has("status")).isFalse();
    assertThat(admitted.object().path("spec").path("executor").asText()).isEqualTo("Pod");
    assertThat(admitted.warnings()).isEmpty();
  }

  @Test
  void unknownFieldsAreRefusedWarnedOrPrunedAsFieldValidationAsks() {
    var body = json("""
        {"apiVersion": "anvil.dev/v1alpha1", "kind": "Job", "metadata": {"name": "j"},
         "spec": {"retyr": 1, "template": {"spec": {"containers": [{"name": "c", "image": "busybox"}]}}}}
        """);
    assertThatThrownBy(() -> EmbeddedAdmission.create(collection, body, FieldValidation.STRICT))
        .isInstanceOfSatisfying(ApiStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("Job in version \"v1alpha1\" cannot be handled as a Job: strict decoding"
              + " error: unknown field \"spec.retyr\"");
        });
    var warned = EmbeddedAdmission.create(collection, body, FieldValidation.WARN);
    assertThat(warned.warnings()).containsExactly("unknown field \"spec.retyr\"");
    assertThat(warned.object().path("spec").has("retyr")).as("pruned").isFalse();
    assertThat(EmbeddedAdmission.create(collection, body, FieldValidation.IGNORE).warnings()).isEmpty();
  }

  @Test
  void anInvalidObjectIs422WithACausePerError() {
    assertThatThrownBy(() -> EmbeddedAdmission.create(collection, json("""
        {"apiVersion": "anvil.dev/v1alpha1", "kind": "Job", "metadata": {"name": "j"},
         "spec": {"executor": "Agent", "retry": {"limit": 1000}}}
        """), FieldValidation.STRICT)).isInstanceOfSatisfying(ApiStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(422);
          assertThat(e.status().getReason()).isEqualTo("Invalid");
          assertThat(e.status().getDetails().getKind()).isEqualTo("Job");
          assertThat(e.status().getDetails().getCauses()).extracting(cause -> cause.getField())
              .containsExactly("spec.retry.limit", "spec");
          assertThat(e.getMessage()).startsWith("Job.anvil.dev \"j\" is invalid: [spec.retry.limit: Invalid value: 1000");
        });
  }

  @Test
  void anUpdateKeepsTheStoredStatusAndAStatusUpdateOnlyTheStatus() {
    var path = new ResourcePath(jobs, "lab", "j");
    var stored = json("""
        {"apiVersion": "anvil.dev/v1alpha1", "kind": "Job",
         "metadata": {"name": "j", "namespace": "lab", "resourceVersion": "7"},
         "spec": {"executor": "Pod", "template": {"spec": {"containers": [{"name": "c", "image": "busybox"}]}}},
         "status": {"phase": "Running"}}
        """);
    var sent = stored.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) sent.get("status")).put("phase", "Succeeded");
    ((com.fasterxml.jackson.databind.node.ObjectNode) sent.get("spec")).put("suspend", true);
    var update = EmbeddedAdmission.update(path, sent, stored, FieldValidation.STRICT).object();
    assertThat(update.path("status").path("phase").asText()).isEqualTo("Running");
    assertThat(update.path("spec").path("suspend").asBoolean()).isTrue();
    var status = EmbeddedAdmission.updateStatus(path, sent, stored, FieldValidation.STRICT).object();
    assertThat(status.path("status").path("phase").asText()).isEqualTo("Succeeded");
    assertThat(status.path("spec").has("suspend")).isFalse();
    assertThatThrownBy(() -> EmbeddedAdmission.update(new ResourcePath(jobs, "lab", "other"), sent, stored,
        FieldValidation.STRICT)).isInstanceOfSatisfying(ApiStatusException.class,
            e -> assertThat(e.code()).isEqualTo(400));
  }
}
