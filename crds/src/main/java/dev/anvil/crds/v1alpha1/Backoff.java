package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Exponential backoff between retries, with a cap. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Backoff {

  @JsonPropertyDescription("Delay before the first retry, as a duration such as 10s, 1m30s or 500ms. Default 10s.")
  @Pattern(Durations.PATTERN)
  private String initial;

  @JsonPropertyDescription("Multiplier applied to the delay for each further retry, 1 to 10. Default 2.")
  @Min(1)
  @Max(10)
  private Double factor;

  @JsonPropertyDescription("Upper bound of the delay, as a duration. Default 5m.")
  @Pattern(Durations.PATTERN)
  private String max;

  public String getInitial() {
    return initial;
  }

  public void setInitial(String initial) {
    this.initial = initial;
  }

  public Double getFactor() {
    return factor;
  }

  public void setFactor(Double factor) {
    this.factor = factor;
  }

  public String getMax() {
    return max;
  }

  public void setMax(String max) {
    this.max = max;
  }
}
