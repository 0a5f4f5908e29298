package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A guard on a Pipeline task: the task runs only when its input is (or is not) one of the values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WhenExpression {

  /** How the input is compared with the values. */
  public enum Operator {
    in,
    notin
  }

  @JsonPropertyDescription("The value tested, usually a substitution such as $(params.env) or "
      + "$(tasks.test.results.verdict); a task whose input refers to another task's result runs after that task.")
  @Required
  private String input;

  @JsonPropertyDescription("in: the task runs when input equals one of values; notin: when it equals none of them.")
  @Required
  private Operator operator;

  @JsonPropertyDescription("Values compared with input; substitutions are allowed.")
  @Required
  @Size(min = 1, max = 32)
  private List<String> values;

  public WhenExpression() {
  }

  public WhenExpression(String input, Operator operator, List<String> values) {
    this.input = input;
    this.operator = operator;
    this.values = values;
  }

  public String getInput() {
    return input;
  }

  public void setInput(String input) {
    this.input = input;
  }

  public Operator getOperator() {
    return operator;
  }

  public void setOperator(Operator operator) {
    this.operator = operator;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values;
  }
}
