package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * An edge of a Workflow: this node waits for another node and runs only if it ended the way `outcome` asks. (Not
 * `on`: kubectl and other YAML 1.1 readers turn an unquoted `on` key into `true`.)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeDependency {

  /** Which outcome of the upstream node lets the dependent node run. */
  public enum Outcome {
    /** Upstream succeeded. A dead-lettered upstream holds its outcome: Succeeded dependents until it is replayed. */
    Succeeded,
    /** Upstream failed for good (including dead-lettered): for compensation or alerting branches. */
    Failed,
    /** Upstream finished, whatever the outcome. */
    Always
  }

  @JsonPropertyDescription("Name of the node waited for.")
  @Required
  @Pattern(PipelineTask.NAME_PATTERN)
  private String node;

  @JsonPropertyDescription("Succeeded (default): run after the node succeeded. Failed: run only if it failed. "
      + "Always: run once it finished either way. When the outcome does not match, this node is Skipped.")
  @Default("Succeeded")
  private Outcome outcome;

  public NodeDependency() {
  }

  public NodeDependency(String node, Outcome outcome) {
    this.node = node;
    this.outcome = outcome;
  }

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public Outcome getOutcome() {
    return outcome;
  }

  public void setOutcome(Outcome outcome) {
    this.outcome = outcome;
  }
}
