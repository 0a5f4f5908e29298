package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last power or boot action carried out on a BmcHost, so that each request runs exactly once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BmcActionRecord {

  /** How an action ended. */
  public enum Result {
    /** Sent to the agent, not answered yet. */
    Pending,
    Succeeded,
    Failed
  }

  @JsonPropertyDescription("Identity of the request (the value of the anvil.dev/power-action annotation, a power "
      + "subresource request id, or the spec generation for desired power and boot); a request whose id is already "
      + "recorded here is not carried out again.")
  private String id;

  @JsonPropertyDescription("A power action (On, ForceOff, ForceRestart, ...) or BootOverride.")
  private String action;

  @JsonPropertyDescription("Who asked: Spec (desired power or boot override), Annotation, or a user through the "
      + "power subresource.")
  private String requestedBy;

  @JsonPropertyDescription("When it was requested (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription("When the BMC confirmed or the action failed (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("Pending, Succeeded or Failed.")
  private Result result;

  @JsonPropertyDescription("Detail for a person, e.g. the BMC's error message.")
  private String message;

  @JsonPropertyDescription("For an action asked for by annotation: the annotation value it carries out, so that "
      + "whoever wrote the value (a person or a Workflow) can find its own request's outcome.")
  private String request;

  @JsonPropertyDescription("For a BootOverride asked for by annotation: the override it sets.")
  private BootOverride bootOverride;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getRequestedBy() {
    return requestedBy;
  }

  public void setRequestedBy(String requestedBy) {
    this.requestedBy = requestedBy;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public Result getResult() {
    return result;
  }

  public void setResult(Result result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getRequest() {
    return request;
  }

  public void setRequest(String request) {
    this.request = request;
  }

  public BootOverride getBootOverride() {
    return bootOverride;
  }

  public void setBootOverride(BootOverride bootOverride) {
    this.bootOverride = bootOverride;
  }
}
