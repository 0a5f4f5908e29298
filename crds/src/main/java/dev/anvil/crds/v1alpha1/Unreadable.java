package dev.anvil.crds.v1alpha1;

/**
 * A spec whose JSON could not be read into its Java type (a wrong type or value where no API server checked it).
 * It is kept, with the problem, so that the operator reports it on the resource instead of failing to list them all.
 */
public interface Unreadable {

  /** Marks this spec as unreadable because of {@code problem} (field path and what was wrong). */
  void markUnreadable(String problem);

  /** Why the JSON could not be read, or null when it was read completely. */
  String unreadable();
}
