package dev.anvil.crds.generation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Reads generated CRD YAML and renders it in one stable layout, so that a diff means a change of the API. */
final class CrdYaml {

  private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .build());

  private CrdYaml() {
  }

  static JsonNode read(Path file) throws IOException {
    return MAPPER.readTree(file.toFile());
  }

  /** Renders a CRD with a header naming its source; line endings are always \n. */
  static String render(JsonNode crd, String sourceClass) throws IOException {
    String header = "# Generated from " + sourceClass + " by the crds module build (CrdFinisher). Do not edit:\n"
        + "# change the Java type and run ./mvnw -pl crds verify, then commit this file.\n";
    return header + MAPPER.writeValueAsString(crd).replace("\r\n", "\n");
  }
}
