package dev.anvil.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema stand-in for a Job's Pod template embedded in a Pipeline or Workflow: an object kept as given.
 *
 * <p>The full PodTemplateSpec schema is ~160 KB; embedding it once per Job spec inside a Pipeline or Workflow would
 * push those CRDs past the 256 KB that client-side {@code kubectl apply} can store. The operator validates the
 * template when it creates the child Job, whose own CRD carries the full schema. Never instantiated.
 */
@PreserveUnknownFields
public final class EmbeddedPodTemplate {

  private EmbeddedPodTemplate() {
  }
}
