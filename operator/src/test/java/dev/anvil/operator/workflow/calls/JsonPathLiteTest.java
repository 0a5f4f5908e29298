package dev.anvil.operator.workflow.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPathLiteTest {

  private static final JsonNode DOC = json("""
      {"id": "abc", "count": 3, "ratio": 0.5, "ok": true, "none": null,
       "items": [{"state": "ready"}, {"state": "done", "tags": ["a", "b"]}],
       "a.b": {"c d": "dotted"}, "nested": {"deep": {"x": 1}}, "empty": []}
      """);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "$.id|abc",
      "$['id']|abc",
      "$[\"id\"]|abc",
      "$.count|3",
      "$.ratio|0.5",
      "$.ok|true",
      "$.none|null",
      "$.items[0].state|ready",
      "$.items[-1].state|done",
      "$.items[1].tags[-2]|a",
      "$['a.b']['c d']|dotted",
      "$.nested.deep|{\"x\":1}",
      "$.items[1].tags|[\"a\",\"b\"]",
      "$.empty|[]",
  })
  void selectsScalarsAsTextAndContainersAsCompactJson(String path, String expected) {
    assertThat(JsonPathLite.compile(path).evaluate(DOC)).contains(expected);
  }

  @Test
  void rootIsTheWholeDocument() {
    assertThat(JsonPathLite.compile("$").evaluate(json("[1,2]"))).contains("[1,2]");
    assertThat(JsonPathLite.compile("$").evaluate(json("\"plain\""))).contains("plain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$.missing", "$.items[2]", "$.items[-3]", "$.id.more", "$.items.state", "$.nested[0]",
      "$.none.x", "$.empty[0]", "$['items']['0']"})
  void nothingMatchedIsEmpty(String path) {
    assertThat(JsonPathLite.compile(path).evaluate(DOC)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "id|must start with $",
      "$id|position 1: expected '.' or '['",
      "$.|a name must follow '.'",
      "$..id|recursive descent",
      "$.*|wildcard",
      "$[*]|'[*]' is not supported",
      "$.items[0|unclosed '['",
      "$['id]|unclosed quoted name",
      "$.items[1:2]|'[1:2]' is not supported",
      "$.items[?(@.x)]|is not supported",
  })
  void malformedPathsAreRejectedWithTheProblem(String path, String problem) {
    assertThatThrownBy(() -> JsonPathLite.compile(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + path + "'")
        .hasMessageContaining(problem);
  }

  @Test
  void nullPathIsRejected() {
    assertThatThrownBy(() -> JsonPathLite.compile(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quotedNamesMayEscapeTheirQuote() {
    assertThat(JsonPathLite.compile("$['it\\'s']").evaluate(json("{\"it's\": 1}"))).contains("1");
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
