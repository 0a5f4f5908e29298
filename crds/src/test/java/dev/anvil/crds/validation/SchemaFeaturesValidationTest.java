package dev.anvil.crds.validation;

import static dev.anvil.crds.validation.JobCrdValidationTest.withChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaFeaturesValidationTest {

  private static final CrdValidator WIDGETS =
      CrdValidator.fromYaml(SchemaFeaturesValidationTest.class.getResourceAsStream("/validation/widgets.yaml"));

  private static final String WIDGET = """
      apiVersion: test.anvil.dev/v1
      kind: Widget
      metadata: {name: w1}
      spec:
        size: small
        replicas: 3
        immutableId: abc
        ratio: 0.5
        port: 8080
        note: null
        created: "2024-05-01T10:00:00Z"
        config: {level: 2, anything: {goes: [1, 2]}}
        raw: [1, "two", {three: 3}]
        limits: {cpu: 2, memory: 4}
        tags: [a, b]
        ports:
        - {name: http, port: 8080, weight: 1}
        - {name: priv-ssh, port: 22}
        template:
          apiVersion: v1
          kind: Pod
          metadata: {name: child, labels: {a: b}}
          spec: {image: nginx}
        choice: {a: x}
      status: {ready: true}
      """;

  private static JsonNode widget() {
    return Yaml.parse(WIDGET);
  }

  private static List<FieldError> errorsWith(String pointer, String json) {
    return WIDGETS.validate(withChange(widget(), pointer, json));
  }

  @Test
  void validWidgetPasses() {
    assertThat(WIDGETS.validate(widget())).isEmpty();
  }

  @Test
  void genericResourcePasses() {
    var resource = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(WIDGET, GenericKubernetesResource.class);
    assertThat(WIDGETS.validate(resource)).isEmpty();
  }

  @Test
  void intOrStringTakesEitherButNothingElse() {
    assertThat(errorsWith("/spec/port", "\"http\"")).isEmpty();
    assertThat(errorsWith("/spec/port", "1.5")).extracting(FieldError::type, FieldError::field)
        .containsExactly(tuple(FieldError.Type.FieldValueTypeInvalid, "spec.port"));
  }

  @Test
  void preservedFieldsKeepUnknownFieldsButStillCheckDeclaredOnes() {
    assertThat(errorsWith("/spec/raw", "{deep: {er: true}}")).isEmpty();
    assertThat(errorsWith("/spec/config/level", "0")).extracting(FieldError::field).containsExactly("spec.config.level");
  }

  @Test
  void nullableFieldsTakeNullAndOtherNullsArePruned() {
    assertThat(errorsWith("/spec/note", "toolong")).extracting(FieldError::type)
        .containsExactly(FieldError.Type.FieldValueTooLong);
    assertThat(errorsWith("/spec/immutableId", "null")).isEmpty();
    assertThat(WIDGETS.pruneAndDefault(withChange(widget(), "/spec/immutableId", "null")).at("/spec").has("immutableId")).isFalse();
    assertThat(errorsWith("/spec/size", "null")).extracting(FieldError::type, FieldError::field)
        .containsExactly(tuple(FieldError.Type.FieldValueRequired, "spec.size"));
    assertThat(errorsWith("/spec/tags", "[a, null]")).extracting(FieldError::type, FieldError::field)
        .containsExactly(tuple(FieldError.Type.FieldValueTypeInvalid, "spec.tags[1]"));
  }

  @Test
  void mapValuesAreCheckedByTypeAndRuleAtTheirKey() {
    assertThat(errorsWith("/spec/limits/gpu", "3")).extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec.limits[gpu]", "Invalid value: \"integer\": must be even"));
    assertThat(errorsWith("/spec/limits/gpu", "\"x\"")).extracting(FieldError::field).containsExactly("spec.limits[gpu]");
    assertThat(errorsWith("/spec/limits", "{a: 2, b: 2, c: 2, d: 2}")).extracting(FieldError::type)
        .containsExactly(FieldError.Type.FieldValueTooMany);
  }

  @Test
  void listItemRulesReportTheItemIndex() {
    assertThat(errorsWith("/spec/ports/1", "{name: ssh, port: 22}")).extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec.ports[1]", "Invalid value: \"object\": low ports must be named priv-*"));
    assertThat(errorsWith("/spec/ports/0", "{name: HTTP, port: 8080}")).extracting(FieldError::field, FieldError::message)
        .containsExactly(
            tuple("spec.ports[0]", "Invalid value: \"object\": failed rule: self.name.lowerAscii() == self.name && size(self.name) <= 15"),
            tuple("spec", "Required value: one port must be named http"));
  }

  @Test
  void ruleThatFailsToEvaluateIsReportedNotThrown() {
    // the rule reads self.port, which this item does not set; with a priv- name CEL's || would absorb the error
    assertThat(errorsWith("/spec/ports/1", "{name: ssh}")).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(FieldError.Type.FieldValueInvalid);
      assertThat(e.field()).isEqualTo("spec.ports[1]");
      assertThat(e.message()).startsWith("Invalid value: \"object\": ").contains("no such key: port")
          .endsWith("evaluating rule: self.port > 1024 || self.name.startsWith('priv-')");
    });
  }

  @Test
  void listTypesRejectDuplicates() {
    assertThat(errorsWith("/spec/tags", "[a, a]")).extracting(FieldError::type, FieldError::field)
        .containsExactly(tuple(FieldError.Type.FieldValueDuplicate, "spec.tags[1]"));
    assertThat(errorsWith("/spec/ports/1", "{name: http, port: 9090}")).extracting(FieldError::type, FieldError::field)
        .containsExactly(tuple(FieldError.Type.FieldValueDuplicate, "spec.ports[1]"));
  }

  @Test
  void integersCompareAsIntegersAndMessageExpressionAndFieldPathApply() {
    assertThat(errorsWith("/spec/replicas", "11")).extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec.replicas", "Invalid value: \"object\": replicas 11 needs size large"));
    assertThat(errorsWith("/spec/replicas", "11.0")).extracting(FieldError::field).containsExactly("spec.replicas");
    assertThat(WIDGETS.validate(withChange(withChange(widget(), "/spec/replicas", "11"), "/spec/size", "\"large\"")))
        .isEmpty();
  }

  @Test
  void numberBoundsFormatsAndJunctors() {
    assertThat(errorsWith("/spec/ratio", "0")).extracting(FieldError::message)
        .containsExactly("Invalid value: 0: spec.ratio in body should be greater than 0");
    var large = withChange(widget(), "/spec/size", "\"large\"");
    assertThat(WIDGETS.validate(withChange(large, "/spec/replicas", "3000000000"))).extracting(FieldError::message)
        .containsExactly("Invalid value: 3000000000: spec.replicas in body must be of type int32: 3000000000");
    assertThat(errorsWith("/spec/created", "\"yesterday\"")).extracting(FieldError::field).containsExactly("spec.created");
    assertThat(errorsWith("/spec/choice", "{a: x, b: y}")).extracting(FieldError::message)
        .containsExactly("Invalid value: \"object\": must validate one and only one schema (oneOf)");
  }

  @Test
  void embeddedResourcesNeedTypeMetaAndValidMetadata() {
    var widget = withChange(withChange(widget(), "/spec/template/kind", null), "/spec/template/metadata/name", "\"Bad!\"");
    assertThat(WIDGETS.validate(widget)).extracting(FieldError::type, FieldError::field).containsExactly(
        tuple(FieldError.Type.FieldValueRequired, "spec.template.kind"),
        tuple(FieldError.Type.FieldValueInvalid, "spec.template.metadata.name"));
    assertThat(errorsWith("/spec/template/spec/image", "\"Nginx\"")).extracting(FieldError::field)
        .containsExactly("spec.template.spec.image");
  }

  @Test
  void metadataNameFollowsTheSchemaAndDnsRules() {
    assertThat(errorsWith("/metadata/name", "\"a-very-long-widget-name\"")).extracting(FieldError::type)
        .containsExactly(FieldError.Type.FieldValueTooLong);
    assertThat(WIDGETS.validate(withChange(withChange(widget(), "/metadata/name", null), "/metadata/generateName",
        "\"widget-\""))).isEmpty();
  }

  @Test
  void transitionRulesRunOnlyOnUpdate() {
    var changed = withChange(widget(), "/spec/immutableId", "\"xyz\"");
    assertThat(WIDGETS.validate(changed)).isEmpty();
    assertThat(WIDGETS.validateUpdate(changed, widget())).extracting(FieldError::field, FieldError::message)
        .containsExactly(tuple("spec", "Invalid value: \"object\": immutableId is immutable"));
    assertThat(WIDGETS.validateUpdate(widget(), widget())).isEmpty();
  }

  @Test
  void defaultsApplyBeforeRulesAreEvaluated() {
    // the spec rule reads self.mode, which only the schema default sets
    assertThat(widget().at("/spec").has("mode")).isFalse();
    assertThat(WIDGETS.validate(widget())).isEmpty();
    assertThat(WIDGETS.pruneAndDefault(widget()).at("/spec/mode").asText()).isEqualTo("fast");
    assertThat(errorsWith("/spec/mode", "\"slow\"")).extracting(FieldError::message)
        .containsExactly("Invalid value: \"object\": slow mode needs size large");
  }

  @Test
  void versionsThatAreNotServedAreRejected() {
    assertThat(WIDGETS.versions()).containsExactly("v1");
    assertThat(errorsWith("/apiVersion", "\"test.anvil.dev/v2\"")).extracting(FieldError::field)
        .containsExactly("apiVersion");
  }

  @Test
  void crdWithARuleThatDoesNotCompileIsRefused() {
    var crd = WIDGETS_YAML().replace("self % 2 == 0", "self %% 2");
    assertThatThrownBy(() -> CrdValidator.fromYaml(crd)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("widgets.test.anvil.dev v1")
        .hasMessageContaining("openAPIV3Schema.properties.spec.properties.limits.additionalProperties");
  }

  @Test
  void validatorIsSharedSafelyBetweenThreads() throws Exception {
    var bad = withChange(widget(), "/spec/limits/gpu", "3");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.concurrent.Callable<Map<String, Integer>> task =
          () -> Map.of("good", WIDGETS.validate(widget()).size(), "bad", WIDGETS.validate(bad).size());
      for (var result : pool.invokeAll(java.util.Collections.nCopies(200, task))) {
        assertThat(result.get()).containsEntry("good", 0).containsEntry("bad", 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String WIDGETS_YAML() {
    try (var in = SchemaFeaturesValidationTest.class.getResourceAsStream("/validation/widgets.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
