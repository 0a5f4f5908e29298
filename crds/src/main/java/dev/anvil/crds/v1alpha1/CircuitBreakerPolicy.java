package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * When calls to an external target (an http host or a BmcHost) stop being attempted for a while because they keep
 * failing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerPolicy {

  @JsonPropertyDescription("Calls within `window` that open the breaker when every one of them failed (a success in "
      + "the window keeps it closed). Default 5.")
  @Min(1)
  @Max(1000)
  @Default("5")
  private Integer failureThreshold;

  @JsonPropertyDescription("Sliding time window in which failures are counted, as a duration. Default 1m.")
  @Pattern(Durations.PATTERN)
  @Default("1m")
  private String window;

  @JsonPropertyDescription("How long the breaker stays open (calls fail at once without reaching the target) before "
      + "one trial call is let through (half-open). Default 30s.")
  @Pattern(Durations.PATTERN)
  @Default("30s")
  private String openFor;

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }

  public String getOpenFor() {
    return openFor;
  }

  public void setOpenFor(String openFor) {
    this.openFor = openFor;
  }
}
