package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableConverterTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final TableConverter tables = new TableConverter(Clock.fixed(NOW, ZoneOffset.UTC));
  private final ServedResource jobs = new ServedResources(List.of()).byPlural("jobs").orElseThrow();

  @Test
  void agesReadAsKubectlPrintsThem() {
    assertThat(TableConverter.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(TableConverter.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(TableConverter.humanDuration(Duration.ofSeconds(192))).isEqualTo("3m12s");
    assertThat(TableConverter.humanDuration(Duration.ofMinutes(45))).isEqualTo("45m");
    assertThat(TableConverter.humanDuration(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
    assertThat(TableConverter.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(TableConverter.humanDuration(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
    assertThat(TableConverter.humanDuration(Duration.ofDays(100))).isEqualTo("100d");
    assertThat(TableConverter.humanDuration(Duration.ofDays(3 * 365 + 10))).isEqualTo("3y10d");
  }

  @Test
  void aListBecomesRowsWithTheCrdColumnsInDeclaredOrder() {
    var list = KubeJson.read("""
        {"kind": "JobList", "metadata": {"resourceVersion": "42", "continue": "next"},
         "items": [{"metadata": {"name": "a", "namespace": "n", "creationTimestamp": "2026-03-01T11:57:00Z"},
                    "spec": {"executor": "Agent"},
                    "status": {"phase": "Running", "attempt": 2,
                               "conditions": [{"type": "Succeeded", "status": "Unknown", "reason": "Running"}]}},
                   {"metadata": {"name": "b", "namespace": "n"}, "spec": {}}]}
        """.getBytes(StandardCharsets.UTF_8));
    var table = tables.table(jobs, list, TableConverter.IncludeObject.METADATA, true);
    assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
    assertThat(table.path("metadata").path("continue").asText()).isEqualTo("next");
    var names = new java.util.ArrayList<String>();
    table.path("columnDefinitions").forEach(column -> names.add(column.path("name").asText()
        + ":" + column.path("priority").asInt()));
    assertThat(names).containsExactly("Name:0", "Executor:0", "Phase:0", "Attempt:0", "Succeeded:0", "Reason:1",
        "Age:0");
    assertThat(table.path("rows").get(0).path("cells").toString())
        .isEqualTo("[\"a\",\"Agent\",\"Running\",2,\"Unknown\",\"Running\",\"3m\"]");
    assertThat(table.path("rows").get(1).path("cells").toString())
        .isEqualTo("[\"b\",null,null,null,null,null,null]");
    var object = table.path("rows").get(0).path("object");
    assertThat(object.path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(object.path("metadata").path("namespace").asText()).isEqualTo("n");
    assertThat(object.has("spec")).isFalse();
  }
}
