package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.SecretKeySelector;

/** One request header of an http node: a literal value or a key of a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.value) != has(self.secretKeyRef)", message = "set exactly one of value or secretKeyRef")
public class HttpHeader {

  @JsonPropertyDescription("Header name, e.g. Content-Type or X-Api-Key.")
  @Required
  @Pattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
  private String name;

  @JsonPropertyDescription("Literal value; substitutions allowed.")
  private String value;

  @JsonPropertyDescription("Key of a Secret in the Workflow's namespace holding the value (never logged or recorded).")
  private SecretKeySelector secretKeyRef;

  public HttpHeader() {
  }

  public HttpHeader(String name, String value) {
    this.name = name;
    this.value = value;
  }

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
