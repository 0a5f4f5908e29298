package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Workflow node that suspends its branch until a person approves (or rejects) it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalNode {

  @JsonPropertyDescription("What the approver is asked, shown by kubectl anvil approve and the web console.")
  private String message;

  @JsonPropertyDescription("Users or groups (prefixed group:) allowed to approve through the apiserver's approve "
      + "subresource. Unset: anyone allowed to update it. Whoever may annotate the Workflow can approve it directly.")
  @Size(max = 32)
  private List<String> approvers;

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public List<String> getApprovers() {
    return approvers;
  }

  public void setApprovers(List<String> approvers) {
    this.approvers = approvers;
  }
}
