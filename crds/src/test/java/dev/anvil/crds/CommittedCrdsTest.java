package dev.anvil.crds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the committed CRD YAML the way an API server would read it: there is no kube-apiserver here, so the
 * structural-schema, size and CEL-cost rules it enforces are approximated in plain code.
 */
class CommittedCrdsTest {

  static final Path GENERATED = Path.of("generated");
  static final Path CHART = Path.of("../charts/anvil/crds");

  /** Client-side kubectl apply stores the whole object in an annotation, limited to 256 KiB. */
  static final int CLIENT_SIDE_APPLY_LIMIT = 256 * 1024;

  /** Per-rule estimated cost limit of the API server (apiextensions StaticEstimatedCostLimit). */
  static final long RULE_COST_LIMIT = 10_000_000L;
  /** Estimated cost limit of all rules of a CRD together (apiextensions StaticEstimatedCRDCostLimit). */
  static final long CRD_COST_LIMIT = 100_000_000L;
  /** Estimated cardinality the API server assumes for a list without maxItems (3 MiB request / 3 bytes). */
  static final long UNBOUNDED = 1_000_000L;
  /** Generous upper bound of the cost of one evaluation of our rules (has(), comparisons, a 7-item filter). */
  static final long COST_PER_EVALUATION = 100L;

  static final Map<String, List<String>> COLUMNS = Map.of(
      "jobs.anvil.dev.yaml", List.of("Executor", "Phase", "Attempt", "Succeeded", "Reason", "Age"),
      "pipelines.anvil.dev.yaml", List.of("Phase", "Progress", "Succeeded", "Reason", "Started", "Age"),
      "workflows.anvil.dev.yaml", List.of("Phase", "Progress", "Succeeded", "Reason", "Schedule", "Last Schedule",
          "Age"),
      "bmchosts.anvil.dev.yaml", List.of("Power", "Health", "Ready", "Reason", "Datacenter", "Agent", "Model", "Age"));

  /** Short names of popular CRDs and built-ins that share clusters with Anvil (Tekton, Argo, Metal3, batch). */
  static final Set<String> TAKEN_SHORT_NAMES = Set.of("bmh", "bmhost", "wf", "cwf", "cronwf", "wftmpl", "cj",
      "pr", "tr", "pipe", "job", "jobs", "po", "deploy", "svc");

  static Stream<String> crdFiles() {
    return COLUMNS.keySet().stream().sorted();
  }

  static CustomResourceDefinition read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  @Test
  void theCommittedFoldersHoldExactlyTheFourCrdsAndTheChartCopiesMatch() throws IOException {
    for (Path dir : List.of(GENERATED, CHART)) {
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(f -> f.getFileName().toString()).sorted())
            .containsExactlyElementsOf(crdFiles().toList());
      }
    }
    for (String file : crdFiles().toList()) {
      assertThat(Files.readString(CHART.resolve(file))).isEqualTo(Files.readString(GENERATED.resolve(file)));
    }
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void isAValidV1CrdOfTheAnvilGroup(String file) throws IOException {
    CustomResourceDefinition crd = read(GENERATED.resolve(file));

    assertThat(crd.getApiVersion()).isEqualTo("apiextensions.k8s.io/v1");
    assertThat(crd.getKind()).isEqualTo("CustomResourceDefinition");
    assertThat(crd.getSpec().getGroup()).isEqualTo("anvil.dev");
    assertThat(crd.getMetadata().getName()).isEqualTo(crd.getSpec().getNames().getPlural() + ".anvil.dev")
        .isEqualTo(file.replace(".yaml", ""));
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("anvil");
    assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo("v1alpha1");
      assertThat(v.getServed()).isTrue();
      assertThat(v.getStorage()).isTrue();
      assertThat(v.getSubresources().getStatus()).isNotNull();
      assertThat(v.getSchema().getOpenAPIV3Schema().getType()).isEqualTo("object");
      assertThat(v.getSchema().getOpenAPIV3Schema().getProperties()).containsKeys("spec", "status");
    });
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void printerColumnsComeInDeclaredOrderWithAgeLast(String file) throws IOException {
    CustomResourceDefinitionVersion version = read(GENERATED.resolve(file)).getSpec().getVersions().get(0);

    assertThat(version.getAdditionalPrinterColumns()).extracting(CustomResourceColumnDefinition::getName)
        .containsExactlyElementsOf(COLUMNS.get(file));
    assertThat(version.getAdditionalPrinterColumns().get(version.getAdditionalPrinterColumns().size() - 1))
        .satisfies(age -> {
          assertThat(age.getJsonPath()).isEqualTo(".metadata.creationTimestamp");
          assertThat(age.getType()).isEqualTo("date");
        });
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void fitsClientSideApply(String file) throws IOException {
    long size = Files.size(GENERATED.resolve(file));
    System.out.printf("CRD %s: %,d bytes%n", file, size);

    assertThat(size).isLessThan(CLIENT_SIDE_APPLY_LIMIT);
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void schemaIsStructural(String file) throws IOException {
    List<String> problems = new ArrayList<>();
    walk(schemaOf(file), "", 1, (path, schema, cardinality) -> {
      boolean opaque = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
          || Boolean.TRUE.equals(schema.getXKubernetesIntOrString());
      if (schema.getType() == null && !opaque) {
        problems.add(path + ": no type");
      }
      if ("array".equals(schema.getType()) && (schema.getItems() == null || schema.getItems().getSchema() == null)) {
        problems.add(path + ": array without items");
      }
      if (schema.getProperties() != null && !schema.getProperties().isEmpty() && schema.getAdditionalProperties() != null
          && schema.getAdditionalProperties().getSchema() != null) {
        problems.add(path + ": both properties and additionalProperties");
      }
    });
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void celRulesCompile(String file) throws IOException {
    CelCompiler cel = CelCompilerFactory.standardCelCompilerBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar("self", SimpleType.DYN)
        .build();
    List<String> problems = new ArrayList<>();
    walk(schemaOf(file), "", 1, (path, schema, cardinality) -> {
      for (ValidationRule rule : rules(schema)) {
        try {
          cel.compile(rule.getRule()).getAst();
        } catch (CelValidationException e) {
          problems.add(path + ": " + rule.getRule() + ": " + e.getMessage());
        }
        assertThat(rule.getMessage()).as(path + " rule message").isNotBlank();
      }
    });
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("crdFiles")
  void celRulesStayWithinTheApiServersCostBudget(String file) throws IOException {
    List<String> overBudget = new ArrayList<>();
    long[] total = {0};
    walk(schemaOf(file), "", 1, (path, schema, cardinality) -> {
      for (ValidationRule rule : rules(schema)) {
        long cost = cardinality * COST_PER_EVALUATION;
        total[0] += cost;
        if (cost > RULE_COST_LIMIT) {
          overBudget.add(path + " (" + rule.getRule() + ") may run " + cardinality + " times");
        }
      }
    });
    assertThat(overBudget).isEmpty();
    assertThat(total[0]).isLessThan(CRD_COST_LIMIT);
  }

  @Test
  void shortNamesAreUniqueAndAvoidOtherProjects() throws IOException {
    Set<String> seen = new HashSet<>();
    for (String file : crdFiles().toList()) {
      for (String shortName : read(GENERATED.resolve(file)).getSpec().getNames().getShortNames()) {
        assertThat(seen.add(shortName)).as("duplicate short name " + shortName).isTrue();
        assertThat(TAKEN_SHORT_NAMES).doesNotContain(shortName);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("ajob", "apipe", "awf", "bmc", "bmch");
  }

  private static JSONSchemaProps schemaOf(String file) throws IOException {
    return read(GENERATED.resolve(file)).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  private static List<ValidationRule> rules(JSONSchemaProps schema) {
    return schema.getXKubernetesValidations() == null ? List.of() : schema.getXKubernetesValidations();
  }

  interface Visitor {
    void visit(String path, JSONSchemaProps schema, long cardinality);
  }

  /** Visits every schema node with how many times the API server may evaluate it per object. */
  private static void walk(JSONSchemaProps schema, String path, long cardinality, Visitor visitor) {
    visitor.visit(path.isEmpty() ? "." : path, schema, cardinality);
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> walk(child, path + "." + name, cardinality, visitor));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      long items = schema.getMaxItems() == null ? UNBOUNDED : schema.getMaxItems();
      walk(schema.getItems().getSchema(), path + "[]", Math.min(cardinality * items, Long.MAX_VALUE / 1000), visitor);
    }
    if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
      long entries = schema.getMaxProperties() == null ? UNBOUNDED : schema.getMaxProperties();
      walk(schema.getAdditionalProperties().getSchema(), path + "{}",
          Math.min(cardinality * entries, Long.MAX_VALUE / 1000), visitor);
    }
  }
}
