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

  @JsonPropertyDescription("Randomises each delay by up to this fraction, 0 to 1: 0.2 waits between 80% and 120% "
      + "of the computed delay, so that many failing runs do not retry in lockstep. Default 0 (no jitter).")
  @Min(0)
  @Max(1)
  private Double jitter;

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

  public Double getJitter() {
    return jitter;
  }

  public void setJitter(Double jitter) {
    this.jitter = jitter;
  }
}
