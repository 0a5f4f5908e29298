package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Credentials of an http node, read from a Secret when the request is sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpAuth {

  /** The Authorization scheme. */
  public enum Type {
    /** Authorization: Bearer, with the token from `key` (default key: token). */
    Bearer,
    /** Authorization: Basic, with the Secret's keys username and password. */
    Basic
  }

  @JsonPropertyDescription("Name of a Secret in the Workflow's namespace.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String name;

  @JsonPropertyDescription("Bearer: the Secret key holding the token (default token). Ignored for Basic, which reads "
      + "the keys username and password.")
  private String key;

  @JsonPropertyDescription("Bearer (default) or Basic.")
  @Default("Bearer")
  private Type type;

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

  public Type getType() {
    return type;
  }

  public void setType(Type type) {
    this.type = type;
  }
}
