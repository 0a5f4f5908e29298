package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the schedule of a Workflow did last and will do next. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowScheduleStatus {

  @JsonPropertyDescription("When the last child run was created (RFC 3339).")
  private String lastScheduleTime;

  @JsonPropertyDescription("When the last child run succeeded (RFC 3339).")
  private String lastSuccessfulTime;

  @JsonPropertyDescription("The next tick (RFC 3339); unset while suspended.")
  private String nextScheduleTime;

  @JsonPropertyDescription("Names of child runs that have not finished.")
  private List<String> active = new ArrayList<>();

  public String getLastScheduleTime() {
    return lastScheduleTime;
  }

  public void setLastScheduleTime(String lastScheduleTime) {
    this.lastScheduleTime = lastScheduleTime;
  }

  public String getLastSuccessfulTime() {
    return lastSuccessfulTime;
  }

  public void setLastSuccessfulTime(String lastSuccessfulTime) {
    this.lastSuccessfulTime = lastSuccessfulTime;
  }

  public String getNextScheduleTime() {
    return nextScheduleTime;
  }

  public void setNextScheduleTime(String nextScheduleTime) {
    this.nextScheduleTime = nextScheduleTime;
  }

  public List<String> getActive() {
    return active;
  }

  public void setActive(List<String> active) {
    this.active = active;
  }
}
