package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** What a Job runs, where, and how it is retried and cleaned up. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.executor) && self.executor == 'Agent') || has(self.template)",
    message = "spec.template is required when executor is Pod")
@ValidationRule(value = "!has(self.executor) || self.executor != 'Agent' || has(self.agent)",
    message = "spec.agent is required when executor is Agent")
@ValidationRule(value = "!has(self.attemptDeadlineSeconds) || !has(self.activeDeadlineSeconds)"
    + " || self.attemptDeadlineSeconds <= self.activeDeadlineSeconds",
    message = "spec.attemptDeadlineSeconds must not exceed spec.activeDeadlineSeconds")
public class JobSpec extends TolerantSpec {

  @JsonPropertyDescription("Where the work runs: Pod (default) creates one Pod per attempt from `template`; "
      + "Agent runs `agent.command` or `agent.script` as a process on a node agent.")
  @Default("Pod")
  @SchemaFrom(type = Executor.class)
  private String executor;

  @JsonPropertyDescription("Pod template for executor Pod. Each attempt creates one Pod named `<job>-<attempt>` "
      + "from it; restartPolicy is forced to Never so that retries are decided by `retry`, not by the kubelet.")
  private PodTemplateSpec template;

  @JsonPropertyDescription("Process to run for executor Agent, and which agents may run it.")
  private AgentTask agent;

  @JsonPropertyDescription("When and how often a failed attempt is retried. Without it a failed attempt fails the Job.")
  private RetryPolicy retry;

  @JsonPropertyDescription("Seconds the whole Job may run, retries and backoff included, counted from status.startTime "
      + "(its first attempt, or its last resume after a suspension). "
      + "When it passes, the running attempt is stopped and the Job fails with reason DeadlineExceeded.")
  @Min(1)
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription("Seconds one attempt may run. An attempt that overruns is stopped and ends with reason "
      + "DeadlineExceeded, which `retry.reasons` may retry.")
  @Min(1)
  private Long attemptDeadlineSeconds;

  @JsonPropertyDescription("Seconds after the Job finished (succeeded or failed) when it is deleted with its Pods. "
      + "Unset keeps it forever.")
  @Min(0)
  private Long ttlSecondsAfterFinished;

  @JsonPropertyDescription("When true no new attempt starts and a running attempt is stopped (not counted as a failure); "
      + "setting it back to false resumes with a new attempt.")
  private Boolean suspend;

  @JsonPropertyDescription("Admission order among queued Jobs of the namespace: higher first, then first-come first-served.")
  @Min(-1000)
  @Max(1000)
  private Integer priority;

  /** Reads a JobSpec tolerantly (see {@link TolerantSpecReader}). */
  public static final class Reader extends TolerantSpecReader<JobSpec> {
    public Reader() {
      super(JobSpec.class);
    }
  }

  // A String, not the enum, so that an unknown value still deserializes and can be reported as InvalidSpec.
  public String getExecutor() {
    return executor;
  }

  public void setExecutor(String executor) {
    this.executor = executor;
  }

  public PodTemplateSpec getTemplate() {
    return template;
  }

  public void setTemplate(PodTemplateSpec template) {
    this.template = template;
  }

  public AgentTask getAgent() {
    return agent;
  }

  public void setAgent(AgentTask agent) {
    this.agent = agent;
  }

  public RetryPolicy getRetry() {
    return retry;
  }

  public void setRetry(RetryPolicy retry) {
    this.retry = retry;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Long getAttemptDeadlineSeconds() {
    return attemptDeadlineSeconds;
  }

  public void setAttemptDeadlineSeconds(Long attemptDeadlineSeconds) {
    this.attemptDeadlineSeconds = attemptDeadlineSeconds;
  }

  public Long getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Long ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }
}
