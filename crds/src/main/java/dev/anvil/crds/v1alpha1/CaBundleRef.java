package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A PEM CA bundle held in one key of a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaBundleRef {

  @JsonPropertyDescription("Name of a Secret in the same namespace.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Key holding the PEM-encoded CA certificates. Default ca.crt.")
  @Default("ca.crt")
  private String key;

  public CaBundleRef() {
  }

  public CaBundleRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
