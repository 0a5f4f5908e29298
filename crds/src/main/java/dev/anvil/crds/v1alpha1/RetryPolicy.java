package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Which failed attempts are tried again, how often, and after how long. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryPolicy {

  @JsonPropertyDescription("How many times a failed attempt is retried; 0 means never. The Job runs at most limit+1 "
      + "attempts (suspended attempts do not count).")
  @Min(0)
  @Max(100)
  private Integer limit;

  @JsonPropertyDescription("Delay before each retry: initial * factor^(retry-1), capped at max, then randomised "
      + "by jitter.")
  private Backoff backoff;

  @JsonPropertyDescription("Failure reasons that are retried. Default: Failed, PodDeleted, Evicted, AgentLost "
      + "(DeadlineExceeded is retried only when listed).")
  @SchemaFrom(type = FailureReason[].class)
  private List<String> reasons;

  @JsonPropertyDescription("Restricts retries of reason Failed by exit code. Unset retries every non-zero exit code.")
  private ExitCodeRule exitCodes;

  public Integer getLimit() {
    return limit;
  }

  public void setLimit(Integer limit) {
    this.limit = limit;
  }

  public Backoff getBackoff() {
    return backoff;
  }

  public void setBackoff(Backoff backoff) {
    this.backoff = backoff;
  }

  public List<String> getReasons() {
    return reasons;
  }

  public void setReasons(List<String> reasons) {
    this.reasons = reasons;
  }

  public ExitCodeRule getExitCodes() {
    return exitCodes;
  }

  public void setExitCodes(ExitCodeRule exitCodes) {
    this.exitCodes = exitCodes;
  }
}
