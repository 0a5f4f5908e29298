package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One step of a Pipeline: a Job template, what it waits for, and when it is skipped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineTask {

  /** Pattern of task and node names: a DNS label, because it becomes part of the child object's name. */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  @JsonPropertyDescription("Task name, unique in the Pipeline: lower-case letters, digits and '-', at most 63 "
      + "characters. The child Job is named <pipeline>-<task>; results are referenced as $(tasks.<name>.results.<key>).")
  @Required
  @Pattern(NAME_PATTERN)
  @Size(max = 63)
  private String name;

  @JsonPropertyDescription("Tasks that must finish successfully before this one starts. A task also waits for every "
      + "task whose results it references. Cycles and unknown names make the Pipeline fail with reason InvalidSpec.")
  @Size(max = 64)
  private List<String> runAfter;

  @JsonPropertyDescription("Guards, all of which must hold for the task to run; otherwise it is Skipped with reason "
      + "WhenExpressionFalse and tasks that run after it still run.")
  @Size(max = 16)
  private List<WhenExpression> when;

  @JsonPropertyDescription("Retry policy of this task; replaces job.retry when set.")
  private RetryPolicy retry;

  @JsonPropertyDescription("How long the task may run, retries included, as a duration such as 10m. When it passes "
      + "the child Job is stopped and the task fails with reason DeadlineExceeded.")
  @Pattern(Durations.PATTERN)
  private String timeout;

  @JsonPropertyDescription("The Job spec the task's child Job is created from, after $(params.x) and "
      + "$(tasks.t.results.k) substitution. Its Pod template is kept as given and validated when the child is created; "
      + "see `kubectl explain jobs.spec.template`.")
  @Required
  private JobSpec job;

  public PipelineTask() {
  }

  public PipelineTask(String name, JobSpec job) {
    this.name = name;
    this.job = job;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getRunAfter() {
    return runAfter;
  }

  public void setRunAfter(List<String> runAfter) {
    this.runAfter = runAfter;
  }

  public List<WhenExpression> getWhen() {
    return when;
  }

  public void setWhen(List<WhenExpression> when) {
    this.when = when;
  }

  public RetryPolicy getRetry() {
    return retry;
  }

  public void setRetry(RetryPolicy retry) {
    this.retry = retry;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public JobSpec getJob() {
    return job;
  }

  public void setJob(JobSpec job) {
    this.job = job;
  }
}
