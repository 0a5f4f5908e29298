package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Workflow node that evaluates an expression and picks which branch runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConditionNode {

  @JsonPropertyDescription("CEL expression returning a bool, over params (params.<name>, strings) and the results "
      + "and phases of finished nodes (nodes.<node>.results.<key>, nodes.<node>.phase), e.g. "
      + "nodes.probe.results.statusCode == '200' && params.env != 'prod'. Its value is also the node's result `value`.")
  @Required
  @Size(max = 2048)
  private String expression;

  @JsonPropertyDescription("Nodes that run only when the expression is true (they are Skipped otherwise). They must "
      + "depend on this node.")
  @Size(max = 64)
  private List<String> then;

  @JsonPropertyDescription("Nodes that run only when the expression is false (they are Skipped otherwise). They must "
      + "depend on this node.")
  @JsonProperty("else")
  @Size(max = 64)
  private List<String> elseNodes;

  public String getExpression() {
    return expression;
  }

  public void setExpression(String expression) {
    this.expression = expression;
  }

  public List<String> getThen() {
    return then;
  }

  public void setThen(List<String> then) {
    this.then = then;
  }

  public List<String> getElseNodes() {
    return elseNodes;
  }

  public void setElseNodes(List<String> elseNodes) {
    this.elseNodes = elseNodes;
  }
}
