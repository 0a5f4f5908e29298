package dev.anvil.crds.v1alpha1;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Schema stand-in for the Job spec of a task of a Pipeline nested in a Workflow node: an object kept as given.
 *
 * <p>Each of up to 200 nodes may hold a Pipeline of up to 1,000 tasks; the API server prices every CEL rule of a
 * schema by how many times it could run, and the Job spec's rules at that depth exceed its budget. The operator
 * validates these specs when it creates the child Pipeline, whose own CRD checks them fully. Never instantiated.
 */
@PreserveUnknownFields
public final class EmbeddedJobSpec {

  private EmbeddedJobSpec() {
  }
}
