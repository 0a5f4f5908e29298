package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A graph of typed nodes with per-node retries, timeouts and circuit breakers, optionally run on a schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSpec extends TolerantSpec {

  /** Most nodes one Workflow may have; bounds the object size and the API server's validation cost. */
  public static final int MAX_NODES = 200;

  @JsonPropertyDescription("Inputs of the Workflow, substituted as $(params.<name>) in node fields.")
  @Size(max = 64)
  private List<Param> params;

  @JsonPropertyDescription("The nodes. Without dependsOn they start in parallel, up to maxParallel. Names must be "
      + "unique.")
  @Required
  @Size(min = 1, max = MAX_NODES)
  private List<WorkflowNode> nodes;

  @JsonPropertyDescription("Most nodes that run at the same time (waiting approvals and delays do not count). "
      + "Unset means no limit.")
  @Min(1)
  private Integer maxParallel;

  @JsonPropertyDescription("How long one run may take, as a duration such as 2h. When it passes running nodes are "
      + "stopped and the run fails with reason Timeout.")
  @Pattern(Durations.PATTERN)
  private String timeout;

  @JsonPropertyDescription("Run on a cron schedule: this Workflow then only creates child runs "
      + "(<workflow>-<unix time of the tick>) and shows their state in status.schedule.")
  private WorkflowSchedule schedule;

  public List<Param> getParams() {
    return params;
  }

  public void setParams(List<Param> params) {
    this.params = params;
  }

  public List<WorkflowNode> getNodes() {
    return nodes;
  }

  public void setNodes(List<WorkflowNode> nodes) {
    this.nodes = nodes;
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

  public WorkflowSchedule getSchedule() {
    return schedule;
  }

  public void setSchedule(WorkflowSchedule schedule) {
    this.schedule = schedule;
  }

  /** Reads a WorkflowSpec tolerantly (see {@link TolerantSpecReader}). */
  public static final class Reader extends TolerantSpecReader<WorkflowSpec> {
    public Reader() {
      super(WorkflowSpec.class);
    }
  }
}
