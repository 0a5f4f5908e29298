package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One typed node of a Workflow: exactly one of job, pipeline, bmc, http, delay, approval or condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.job), has(self.pipeline), has(self.bmc), has(self.http), has(self.delay), "
    + "has(self.approval), has(self.condition)].filter(x, x).size() == 1",
    message = "set exactly one of job, pipeline, bmc, http, delay, approval or condition")
@ValidationRule(value = "!has(self.circuitBreaker) || has(self.http) || has(self.bmc)",
    message = "circuitBreaker applies to http and bmc nodes only")
public class WorkflowNode {

  @JsonPropertyDescription("Node name, unique in the Workflow: lower-case letters, digits and '-', at most 63 "
      + "characters. Child objects are named <workflow>-<node>; results are referenced as $(nodes.<name>.results.<key>).")
  @Required
  @Pattern(PipelineTask.NAME_PATTERN)
  @Size(max = 63)
  private String name;

  @JsonPropertyDescription("Nodes this one waits for, each with the outcome it needs: [{node: build}] runs after "
      + "build succeeded, [{node: build, outcome: Failed}] only if it failed, outcome: Always in any case. Without dependsOn "
      + "the node starts at once. Cycles and unknown names fail the Workflow with reason InvalidSpec.")
  @Size(max = 32)
  private List<NodeDependency> dependsOn;

  @JsonPropertyDescription("How a failed attempt of this node is retried (limit, backoff with jitter). For job nodes "
      + "it replaces job.retry; for pipeline nodes it becomes the retry policy of every task without one, so failed "
      + "tasks run again, not the whole Pipeline.")
  private RetryPolicy retry;

  @JsonPropertyDescription("How long this node may take, retries and backoff included, as a duration. When it "
      + "passes the node fails with reason DeadlineExceeded.")
  @Pattern(Durations.PATTERN)
  private String timeout;

  @JsonPropertyDescription("What a failure for good does: Fail (default) fails the Workflow; Continue carries on; "
      + "DeadLetter carries on and records the execution in the dead-letter queue; nodes that need it to succeed wait "
      + "until it is replayed with the annotation anvil.dev/replay=<node>.")
  @Default("Fail")
  private OnFailure onFailure;

  @JsonPropertyDescription("Circuit breaker for an http or bmc node's target (URL host:port, or BmcHost). Breakers "
      + "are shared per target by every Workflow the operator runs; calls through an open breaker fail at once with "
      + "reason CircuitOpen and are retried like other failures.")
  private CircuitBreakerPolicy circuitBreaker;

  @JsonPropertyDescription("Run a Job (created as child <workflow>-<node>). Its Pod template is kept as given and "
      + "validated when the child is created; see `kubectl explain jobs.spec`.")
  private JobSpec job;

  @JsonPropertyDescription("Run a Pipeline (created as child <workflow>-<node>); its results become the node's results.")
  private PipelineSpec pipeline;

  @JsonPropertyDescription("Perform a power or boot action on a BmcHost and wait for the result.")
  private BmcNode bmc;

  @JsonPropertyDescription("Call an HTTP service; response fields become the node's results.")
  private HttpNode http;

  @JsonPropertyDescription("Wait for a fixed time.")
  private DelayNode delay;

  @JsonPropertyDescription("Wait until a person approves: the annotation approve.anvil.dev/<node>=approved (or "
      + "kubectl anvil approve); the value rejected (or 'rejected: why') fails the node.")
  private ApprovalNode approval;

  @JsonPropertyDescription("Evaluate an expression over params and results to choose which branch runs.")
  private ConditionNode condition;

  public WorkflowNode() {
  }

  public WorkflowNode(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<NodeDependency> getDependsOn() {
    return dependsOn;
  }

  public void setDependsOn(List<NodeDependency> dependsOn) {
    this.dependsOn = dependsOn;
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

  public OnFailure getOnFailure() {
    return onFailure;
  }

  public void setOnFailure(OnFailure onFailure) {
    this.onFailure = onFailure;
  }

  public CircuitBreakerPolicy getCircuitBreaker() {
    return circuitBreaker;
  }

  public void setCircuitBreaker(CircuitBreakerPolicy circuitBreaker) {
    this.circuitBreaker = circuitBreaker;
  }

  public JobSpec getJob() {
    return job;
  }

  public void setJob(JobSpec job) {
    this.job = job;
  }

  public PipelineSpec getPipeline() {
    return pipeline;
  }

  public void setPipeline(PipelineSpec pipeline) {
    this.pipeline = pipeline;
  }

  public BmcNode getBmc() {
    return bmc;
  }

  public void setBmc(BmcNode bmc) {
    this.bmc = bmc;
  }

  public HttpNode getHttp() {
    return http;
  }

  public void setHttp(HttpNode http) {
    this.http = http;
  }

  public DelayNode getDelay() {
    return delay;
  }

  public void setDelay(DelayNode delay) {
    this.delay = delay;
  }

  public ApprovalNode getApproval() {
    return approval;
  }

  public void setApproval(ApprovalNode approval) {
    this.approval = approval;
  }

  public ConditionNode getCondition() {
    return condition;
  }

  public void setCondition(ConditionNode condition) {
    this.condition = condition;
  }
}
