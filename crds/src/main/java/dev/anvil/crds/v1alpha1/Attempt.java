package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One try of a Job: where it ran, when, and how it ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Attempt {

  /** Reason of an attempt that succeeded. */
  public static final String COMPLETED = "Completed";
  /** Reason of an attempt stopped because the Job was suspended. */
  public static final String SUSPENDED = "Suspended";

  @JsonPropertyDescription("Attempt number, from 1.")
  private int number;

  @JsonPropertyDescription("Pod that ran the attempt (executor Pod).")
  private String pod;

  @JsonPropertyDescription("Agent that ran the attempt (executor Agent).")
  private String agent;

  @JsonPropertyDescription("When the attempt started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the attempt ended (RFC 3339); unset while it runs.")
  private String finishTime;

  @JsonPropertyDescription("Exit code of the process (the first container that failed, else the first container).")
  private Integer exitCode;

  @JsonPropertyDescription("How it ended: Completed, Suspended, or a failure reason (Failed, PodDeleted, Evicted, "
      + "DeadlineExceeded, AgentLost).")
  private String reason;

  @JsonPropertyDescription("Detail for a person, such as the container's termination message.")
  private String message;

  public Attempt() {
  }

  public Attempt(int number, String startTime) {
    this.number = number;
    this.startTime = startTime;
  }

  public boolean finished() {
    return finishTime != null;
  }

  public int getNumber() {
    return number;
  }

  public void setNumber(int number) {
    this.number = number;
  }

  public String getPod() {
    return pod;
  }

  public void setPod(String pod) {
    this.pod = pod;
  }

  public String getAgent() {
    return agent;
  }

  public void setAgent(String agent) {
    this.agent = agent;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getFinishTime() {
    return finishTime;
  }

  public void setFinishTime(String finishTime) {
    this.finishTime = finishTime;
  }

  public Integer getExitCode() {
    return exitCode;
  }

  public void setExitCode(Integer exitCode) {
    this.exitCode = exitCode;
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
}
