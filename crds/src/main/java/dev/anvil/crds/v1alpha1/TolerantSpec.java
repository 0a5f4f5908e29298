package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A spec that remembers when its JSON could not be read into its Java type (a wrong type or value where no API server
 * checked it), so that the operator reports the problem on the resource instead of failing to list them all.
 * {@link TolerantSpecReader} produces such specs.
 */
public abstract class TolerantSpec {

  @JsonIgnore
  private String unreadable;

  /** Marks this spec as unreadable because of {@code problem} (field path and what was wrong). */
  public void markUnreadable(String problem) {
    this.unreadable = problem;
  }

  /** Why the JSON could not be read, or null when it was read completely. */
  public String unreadable() {
    return unreadable;
  }
}
