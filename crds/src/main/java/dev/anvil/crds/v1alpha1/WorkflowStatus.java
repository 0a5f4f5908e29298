package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a Workflow run (or of its schedule), written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowStatus extends RunStatus {

  /** True once every required node finished as needed; False once the run failed; Unknown while it runs. */
  public static final String SUCCEEDED = "Succeeded";
  /** True once the run failed for good. */
  public static final String FAILED = "Failed";
  /** True while any node runs. */
  public static final String RUNNING = "Running";
  /** True while an approval node waits; the message names the node. */
  public static final String WAITING_FOR_APPROVAL = "WaitingForApproval";
  /** True on a scheduled Workflow while its schedule is active (not suspended). */
  public static final String SCHEDULED = "Scheduled";

  @JsonPropertyDescription("One compact entry per node that started or was skipped.")
  private List<WorkflowNodeState> nodes = new ArrayList<>();

  @JsonPropertyDescription("Circuit breakers this run's nodes go through that are not Closed.")
  private List<CircuitBreakerState> circuitBreakers = new ArrayList<>();

  @JsonPropertyDescription("Node executions of this Workflow waiting in the dead-letter queue for replay.")
  private Integer deadLetters;

  @JsonPropertyDescription("For a scheduled Workflow: last and next tick and the active child runs.")
  private WorkflowScheduleStatus schedule;

  public List<WorkflowNodeState> getNodes() {
    return nodes;
  }

  public void setNodes(List<WorkflowNodeState> nodes) {
    this.nodes = nodes;
  }

  public List<CircuitBreakerState> getCircuitBreakers() {
    return circuitBreakers;
  }

  public void setCircuitBreakers(List<CircuitBreakerState> circuitBreakers) {
    this.circuitBreakers = circuitBreakers;
  }

  public Integer getDeadLetters() {
    return deadLetters;
  }

  public void setDeadLetters(Integer deadLetters) {
    this.deadLetters = deadLetters;
  }

  public WorkflowScheduleStatus getSchedule() {
    return schedule;
  }

  public void setSchedule(WorkflowScheduleStatus schedule) {
    this.schedule = schedule;
  }
}
