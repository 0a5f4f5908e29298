package dev.anvil.crds.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every anvil.dev object in examples/ passes the checks kube-apiserver would make on it: schema and CEL rules. */
class ExamplesConformToSchemaTest {

  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final YAMLMapper MAPPER = new YAMLMapper();

  @TestFactory
  Stream<DynamicTest> everyExampleIsValid() throws IOException {
    var tests = new ArrayList<DynamicTest>();
    for (var file : yamlFiles()) {
      for (var object : documents(file)) {
        if (!object.path("apiVersion").asText().startsWith("anvil.dev/")) {
          continue;
        }
        var kind = object.path("kind").asText();
        var name = EXAMPLES.relativize(file) + " " + kind + "/" + object.path("metadata").path("name").asText();
        tests.add(DynamicTest.dynamicTest(name, () -> {
          var validator = CrdValidator.forResource(plural(kind) + ".anvil.dev");
          assertThat(validator.validate(object)).as(name).isEmpty();
        }));
      }
    }
    assertThat(tests).as("anvil.dev objects under examples/").isNotEmpty();
    return tests.stream();
  }

  private static List<Path> yamlFiles() throws IOException {
    try (var files = Files.walk(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  static List<JsonNode> documents(Path file) throws IOException {
    var documents = new ArrayList<JsonNode>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var values = MAPPER.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        var node = values.next();
        if (node != null && !node.isMissingNode() && !node.isNull()) {
          documents.add(node);
        }
      }
    }
    return documents;
  }

  private static String plural(String kind) {
    return kind.toLowerCase(Locale.ROOT) + "s";
  }
}
