package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Compact state of one Workflow node; a child object (Job, Pipeline) holds the detail where there is one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowNodeState {

  @JsonPropertyDescription("Node name (spec.nodes[].name).")
  private String name;

  @JsonPropertyDescription("Pending, Running, Retrying, Waiting, Succeeded, Failed, Skipped or DeadLettered.")
  private StepPhase phase;

  @JsonPropertyDescription("Name of the child Job or Pipeline of a job or pipeline node.")
  private String child;

  @JsonPropertyDescription("Attempts made so far (1 + retries).")
  private Integer attempts;

  @JsonPropertyDescription("Execution number: 1, plus one per replay from the dead-letter queue. Omitted while 1.")
  private Integer execution;

  @JsonPropertyDescription("When the node's first attempt started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the current (or last) attempt started (RFC 3339).")
  private String attemptTime;

  @JsonPropertyDescription("When the node finished or was skipped (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription("When the next attempt starts, while the node is Retrying, or when a delay ends (RFC 3339).")
  private String nextTime;

  @JsonPropertyDescription("Machine-readable cause of the last failure or skip, e.g. UnexpectedStatus, CircuitOpen, "
      + "DeadlineExceeded, Rejected, DependencyNotMet.")
  private String reason;

  @JsonPropertyDescription("Short detail for a person about the last failure, skip or wait.")
  private String message;

  @JsonPropertyDescription("Id of the node's dead-letter entry while it is DeadLettered; replay with the annotation "
      + "anvil.dev/replay: <node>.")
  private String deadLetter;

  @JsonPropertyDescription("Results of nodes without a child object (http, condition, bmc); job and pipeline nodes "
      + "keep theirs in the child's status.")
  private Map<String, String> results;

  public WorkflowNodeState() {
  }

  public WorkflowNodeState(String name, StepPhase phase) {
    this.name = name;
    this.phase = phase;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public StepPhase getPhase() {
    return phase;
  }

  public void setPhase(StepPhase phase) {
    this.phase = phase;
  }

  public String getChild() {
    return child;
  }

  public void setChild(String child) {
    this.child = child;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public String getNextTime() {
    return nextTime;
  }

  public void setNextTime(String nextTime) {
    this.nextTime = nextTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Map<String, String> getResults() {
    return results;
  }

  public void setResults(Map<String, String> results) {
    this.results = results;
  }

  public Integer getExecution() {
    return execution;
  }

  public void setExecution(Integer execution) {
    this.execution = execution;
  }

  public String getAttemptTime() {
    return attemptTime;
  }

  public void setAttemptTime(String attemptTime) {
    this.attemptTime = attemptTime;
  }

  public String getDeadLetter() {
    return deadLetter;
  }

  public void setDeadLetter(String deadLetter) {
    this.deadLetter = deadLetter;
  }
}
