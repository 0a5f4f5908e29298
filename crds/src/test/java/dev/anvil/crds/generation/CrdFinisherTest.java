package dev.anvil.crds.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrdFinisherTest {

  /** The Job CRD's columns as Fabric8 emits them: sorted by JSON path, so Age comes first. */
  private static final String GENERATED_JOB_CRD = """
      ---
      apiVersion: "apiextensions.k8s.io/v1"
      kind: "CustomResourceDefinition"
      metadata:
        name: "jobs.anvil.dev"
      spec:
        group: "anvil.dev"
        names:
          kind: "Job"
          plural: "jobs"
          singular: "job"
        scope: "Namespaced"
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".metadata.creationTimestamp"
            name: "Age"
            priority: 0
            type: "date"
          - jsonPath: ".spec.executor"
            name: "Executor"
            priority: 0
            type: "string"
          - jsonPath: ".status.attempt"
            name: "Attempt"
            priority: 0
            type: "integer"
          - jsonPath: ".status.conditions[?(@.type==\\"Succeeded\\")].reason"
            name: "Reason"
            priority: 1
            type: "string"
          - jsonPath: ".status.conditions[?(@.type==\\"Succeeded\\")].status"
            name: "Succeeded"
            priority: 0
            type: "string"
          - jsonPath: ".status.phase"
            name: "Phase"
            priority: 0
            type: "string"
          name: "v1alpha1"
          schema:
            openAPIV3Schema:
              type: "object"
              x-kubernetes-preserve-unknown-fields: true
          served: true
          storage: true
          subresources:
            status: {}
      """;

  @TempDir
  Path tmp;
  Path generated;
  Path committed;
  Path chart;

  @BeforeEach
  void generatedJobCrd() throws Exception {
    generated = Files.createDirectories(tmp.resolve("fabric8"));
    committed = tmp.resolve("crds/generated");
    chart = tmp.resolve("charts/anvil/crds");
    Files.writeString(generated.resolve("jobs.anvil.dev-v1.yml"), GENERATED_JOB_CRD);
  }

  @Test
  void columnsFollowTheDeclarationOrderWithAgeLast() throws Exception {
    CrdFinisher.finish(generated, List.of(committed));

    JsonNode crd = CrdYaml.read(committed.resolve("jobs.anvil.dev.yaml"));
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).containsExactly("Executor", "Phase", "Attempt", "Succeeded", "Reason", "Age");
  }

  @Test
  void columnsNotDeclaredOnTheClassKeepTheirPlaceBeforeAge() throws Exception {
    String executor = "    - jsonPath: \".spec.executor\"\n";
    String priority = "    - jsonPath: \".spec.priority\"\n      name: \"Priority\"\n      priority: 1\n"
        + "      type: \"integer\"\n";
    assertThat(GENERATED_JOB_CRD).contains(executor);
    Files.writeString(generated.resolve("jobs.anvil.dev-v1.yml"), GENERATED_JOB_CRD.replace(executor, priority + executor));

    CrdFinisher.finish(generated, List.of(committed));

    List<String> names = new ArrayList<>();
    CrdYaml.read(committed.resolve("jobs.anvil.dev.yaml")).at("/spec/versions/0/additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).containsExactly("Executor", "Phase", "Attempt", "Succeeded", "Reason", "Priority", "Age");
  }

  @Test
  void firstRunReportsMissingFilesAndSecondRunIsClean() throws Exception {
    List<String> first = CrdFinisher.finish(generated, List.of(committed, chart));

    assertThat(first).containsExactly(
        committed.resolve("jobs.anvil.dev.yaml") + " (missing)",
        chart.resolve("jobs.anvil.dev.yaml") + " (missing)");
    assertThat(CrdFinisher.finish(generated, List.of(committed, chart))).isEmpty();
    assertThat(Files.readString(chart.resolve("jobs.anvil.dev.yaml")))
        .isEqualTo(Files.readString(committed.resolve("jobs.anvil.dev.yaml")));
  }

  @Test
  void editedCommittedFileIsDetectedAndRestored() throws Exception {
    CrdFinisher.finish(generated, List.of(committed, chart));
    Path file = chart.resolve("jobs.anvil.dev.yaml");
    String good = Files.readString(file);
    Files.writeString(file, good.replace("name: Phase", "name: State"));

    assertThat(CrdFinisher.finish(generated, List.of(committed, chart))).containsExactly(file + " (changed)");
    assertThat(Files.readString(file)).isEqualTo(good);
  }

  @Test
  void staleFilesAreDeletedAndReported() throws Exception {
    CrdFinisher.finish(generated, List.of(committed));
    Path stale = committed.resolve("widgets.anvil.dev.yaml");
    Path notYaml = committed.resolve("README.md");
    Files.writeString(stale, "kind: CustomResourceDefinition\n");
    Files.writeString(notYaml, "kept\n");

    assertThat(CrdFinisher.finish(generated, List.of(committed))).containsExactly(stale + " (stale, deleted)");
    assertThat(stale).doesNotExist();
    assertThat(notYaml).exists();
  }

  @Test
  void mainFailsWithTheChangedFilesAndWhatToDo() throws Exception {
    String[] args = {generated.toString(), committed.toString()};

    assertThatThrownBy(() -> CrdFinisher.main(args))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(committed.resolve("jobs.anvil.dev.yaml") + " (missing)")
        .hasMessageContaining("commit the regenerated CRD YAML");

    CrdFinisher.main(args);
  }

  @Test
  void outputIsStableAndUsesUnixLineEndings() throws Exception {
    CrdFinisher.finish(generated, List.of(committed));
    byte[] first = Files.readAllBytes(committed.resolve("jobs.anvil.dev.yaml"));
    Files.writeString(generated.resolve("jobs.anvil.dev-v1.yml"), GENERATED_JOB_CRD.replace("\n", "\r\n"));

    assertThat(CrdFinisher.finish(generated, List.of(committed))).isEmpty();
    assertThat(new String(first, StandardCharsets.UTF_8)).doesNotContain("\r").startsWith("# Generated from "
        + "dev.anvil.crds.v1alpha1.Job ");
  }

  @Test
  void crdWithoutAMatchingClassIsRejected() throws Exception {
    Files.writeString(generated.resolve("jobs.anvil.dev-v1.yml"), GENERATED_JOB_CRD.replace("kind: \"Job\"",
        "kind: \"Gadget\""));

    assertThatThrownBy(() -> CrdFinisher.finish(generated, List.of(committed)))
        .hasMessageContaining("has no class dev.anvil.crds.v1alpha1.Gadget");
  }
}
