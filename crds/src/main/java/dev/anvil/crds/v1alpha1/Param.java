package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A named input of a Pipeline or Workflow, referenced as `$(params.<name>)`. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Param {

  @JsonPropertyDescription("Parameter name, referenced as $(params.<name>) in task and node fields.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_-]*$")
  @Size(max = 63)
  private String name;

  @JsonPropertyDescription("What the parameter means, for the people who set it.")
  private String description;

  @JsonPropertyDescription("Value used when a run does not set the parameter. A parameter without a default must be "
      + "set by the run (for a scheduled Workflow: in the Workflow itself).")
  @JsonProperty("default")
  private String defaultValue;

  public Param() {
  }

  public Param(String name, String defaultValue) {
    this.name = name;
    this.defaultValue = defaultValue;
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

  public String getDefaultValue() {
    return defaultValue;
  }

  public void setDefaultValue(String defaultValue) {
    this.defaultValue = defaultValue;
  }
}
