package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A result a Pipeline publishes, usually copied from one of its tasks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineResult {

  @JsonPropertyDescription("Result name, the key in status.results (and $(nodes.<node>.results.<name>) when the "
      + "Pipeline runs inside a Workflow).")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_.-]*$")
  @Size(max = 63)
  private String name;

  @JsonPropertyDescription("What the result means.")
  private String description;

  @JsonPropertyDescription("Value, usually a substitution such as $(tasks.build.results.image).")
  @Required
  private String value;

  public PipelineResult() {
  }

  public PipelineResult(String name, String value) {
    this.name = name;
    this.value = value;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
