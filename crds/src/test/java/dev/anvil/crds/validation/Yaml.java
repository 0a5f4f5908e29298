package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/** Parses the YAML objects the validation tests are written in. */
final class Yaml {

  private static final YAMLMapper MAPPER = new YAMLMapper();

  private Yaml() {
  }

  static JsonNode parse(String yaml) {
    try {
      return MAPPER.readTree(yaml);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
