package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A DAG of tasks, each run as a child Job, with params, guards, finally tasks and limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineSpec extends TolerantSpec {

  /** Most tasks one Pipeline may have; bounds the object size and the API server's validation cost. */
  public static final int MAX_TASKS = 1000;

  @JsonPropertyDescription("Inputs of the Pipeline, substituted as $(params.<name>) in task fields.")
  @Size(max = 64)
  private List<Param> params;

  @JsonPropertyDescription("The tasks. Without runAfter (or result references) they start in parallel, up to "
      + "maxParallel. Names must be unique; duplicates, cycles and unknown names make the run fail with reason InvalidSpec.")
  @Required
  @Size(min = 1, max = MAX_TASKS)
  private List<PipelineTask> tasks;

  @JsonPropertyDescription("Tasks that run after all tasks finished or were skipped, whatever the outcome, e.g. "
      + "cleanup or notification. $(tasks.status) is Succeeded or Failed. They may use runAfter among themselves.")
  @JsonProperty("finally")
  @Size(max = 20)
  private List<PipelineTask> finallyTasks;

  @JsonPropertyDescription("Results the Pipeline publishes in status.results.")
  @Size(max = 32)
  private List<PipelineResult> results;

  @JsonPropertyDescription("true (default): the first task that fails for good stops the run; running tasks are "
      + "stopped and pending ones are Skipped with reason PipelineFailed. false: independent branches run to the end.")
  @Default("true")
  private Boolean failFast;

  @JsonPropertyDescription("Most tasks that run at the same time. Unset means no limit beyond the namespace's quota.")
  @Min(1)
  private Integer maxParallel;

  @JsonPropertyDescription("How long the whole run may take, finally tasks excluded, as a duration such as 1h. "
      + "When it passes running tasks are stopped, the Pipeline fails with reason Timeout and finally tasks run.")
  @Pattern(Durations.PATTERN)
  private String timeout;

  public List<Param> getParams() {
    return params;
  }

  public void setParams(List<Param> params) {
    this.params = params;
  }

  public List<PipelineTask> getTasks() {
    return tasks;
  }

  public void setTasks(List<PipelineTask> tasks) {
    this.tasks = tasks;
  }

  public List<PipelineTask> getFinallyTasks() {
    return finallyTasks;
  }

  public void setFinallyTasks(List<PipelineTask> finallyTasks) {
    this.finallyTasks = finallyTasks;
  }

  public List<PipelineResult> getResults() {
    return results;
  }

  public void setResults(List<PipelineResult> results) {
    this.results = results;
  }

  public Boolean getFailFast() {
    return failFast;
  }

  public void setFailFast(Boolean failFast) {
    this.failFast = failFast;
  }

  public Integer getMaxParallel() {
    return maxParallel;
  }

  public void setMaxParallel(Integer maxParallel) {
    this.maxParallel = maxParallel;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  /** Reads a PipelineSpec tolerantly (see {@link TolerantSpecReader}). */
  public static final class Reader extends TolerantSpecReader<PipelineSpec> {
    public Reader() {
      super(PipelineSpec.class);
    }
  }
}
