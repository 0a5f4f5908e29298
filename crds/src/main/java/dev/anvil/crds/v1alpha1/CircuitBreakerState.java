package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The state of one circuit breaker a Workflow's nodes go through, as last seen by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerState {

  /** Breaker state, as in Resilience4j. */
  public enum State {
    /** Calls go through. */
    Closed,
    /** Calls fail at once until openFor has passed. */
    Open,
    /** A trial call decides whether the breaker closes or opens again. */
    HalfOpen
  }

  @JsonPropertyDescription("The target: an http node's host:port, or bmchost/<namespace>/<name>.")
  private String target;

  @JsonPropertyDescription("Closed, Open or HalfOpen.")
  private State state;

  @JsonPropertyDescription("When the breaker entered this state (RFC 3339).")
  private String since;

  public CircuitBreakerState() {
  }

  public CircuitBreakerState(String target, State state, String since) {
    this.target = target;
    this.state = state;
    this.since = since;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public State getState() {
    return state;
  }

  public void setState(State state) {
    this.state = state;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }
}
