package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** One environment variable of an agent process: a literal value or a key of a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.value) && has(self.secretKeyRef))", message = "set value or secretKeyRef, not both")
public class AgentEnvVar {

  @JsonPropertyDescription("Variable name.")
  @Required
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  private String name;

  @JsonPropertyDescription("Literal value.")
  private String value;

  @JsonPropertyDescription("Key of a Secret in the Job's namespace; the value reaches the agent only over its "
      + "authenticated stream.")
  private SecretKeySelector secretKeyRef;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public SecretKeySelector getSecretKeyRef() {
    return secretKeyRef;
  }

  public void setSecretKeyRef(SecretKeySelector secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }
}
