package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Matches an attempt's exit code against a set of values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExitCodeRule {

  /** How the exit code is compared with the values. */
  public enum Operator {
    In,
    NotIn
  }

  @JsonPropertyDescription("In retries only the listed exit codes; NotIn retries every non-zero code except them.")
  @Required
  @SchemaFrom(type = Operator.class)
  private String operator;

  @JsonPropertyDescription("Exit codes, 1 to 255.")
  @Required
  @Size(min = 1, max = 64)
  private List<@Min(1) @Max(255) Integer> values;

  public String getOperator() {
    return operator;
  }

  public void setOperator(String operator) {
    this.operator = operator;
  }

  public List<Integer> getValues() {
    return values;
  }

  public void setValues(List<Integer> values) {
    this.values = values;
  }
}
