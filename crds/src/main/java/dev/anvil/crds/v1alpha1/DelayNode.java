package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Workflow node that waits for a fixed time, e.g. for a server to boot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DelayNode {

  @JsonPropertyDescription("How long to wait, as a duration such as 90s or 5m. The wait survives operator restarts.")
  @Required
  @Pattern(Durations.PATTERN)
  private String duration;

  public DelayNode() {
  }

  public DelayNode(String duration) {
    this.duration = duration;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }
}
