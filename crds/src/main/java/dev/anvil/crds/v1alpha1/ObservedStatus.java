package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What every Anvil status carries: the generation it reflects and Kubernetes conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ObservedStatus {

  @JsonPropertyDescription("The metadata.generation this status reflects.")
  private Long observedGeneration;

  @JsonPropertyDescription("Kubernetes conditions (type, status, reason, message, lastTransitionTime). Types: "
      + "Succeeded, Failed and Running (Job, Pipeline, Workflow); Queued and Suspended (Job); WaitingForApproval and "
      + "Scheduled (Workflow); Reachable, CredentialsValid, PowerSynced and Ready (BmcHost).")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
