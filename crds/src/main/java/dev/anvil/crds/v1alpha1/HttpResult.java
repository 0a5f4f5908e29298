package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A value picked from an http node's JSON response that becomes one of the node's results. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpResult {

  @JsonPropertyDescription("Result key, referenced as $(nodes.<node>.results.<name>). The status code is always "
      + "available as the result statusCode.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_.-]*$")
  @Size(max = 63)
  private String name;

  @JsonPropertyDescription("JSONPath into the response body, such as $.id or $.items[0].state. A path that matches "
      + "nothing fails the node with reason ResultNotFound.")
  @Required
  @Pattern("^\\$.*")
  private String jsonPath;

  public HttpResult() {
  }

  public HttpResult(String name, String jsonPath) {
    this.name = name;
    this.jsonPath = jsonPath;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getJsonPath() {
    return jsonPath;
  }

  public void setJsonPath(String jsonPath) {
    this.jsonPath = jsonPath;
  }
}
