package dev.anvil.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** A spec whose JSON does not fit its type is read as an empty spec that names the bad field, for every kind. */
class TolerantSpecReaderTest {

  private static TolerantSpec specOf(String yaml, Class<? extends CustomResource<?, ?>> type) {
    return (TolerantSpec) Serialization.unmarshal(yaml, type).getSpec();
  }

  @Test
  void aWrongTypeDeepInTheSpecIsReportedWithItsPath() {
    var spec = specOf("""
        apiVersion: anvil.dev/v1alpha1
        kind: Job
        metadata: {name: j}
        spec: {retry: {limit: three}}
        """, Job.class);
    assertThat(spec.unreadable()).startsWith("spec.retry.limit: Cannot deserialize value of type `java.lang.Integer`");
  }

  @Test
  void everyKindReadsItsSpecTolerantly() {
    assertThat(specOf("""
        apiVersion: anvil.dev/v1alpha1
        kind: Pipeline
        metadata: {name: p}
        spec: {maxParallel: many}
        """, Pipeline.class).unreadable()).startsWith("spec.maxParallel:");
    assertThat(specOf("""
        apiVersion: anvil.dev/v1alpha1
        kind: Workflow
        metadata: {name: w}
        spec: {nodes: [{name: a, retry: {limit: x}}]}
        """, Workflow.class).unreadable()).startsWith("spec.nodes[0].retry.limit:");
    assertThat(specOf("""
        apiVersion: anvil.dev/v1alpha1
        kind: BmcHost
        metadata: {name: b}
        spec: {address: "ipmi://10.0.0.1", datacenter: a, power: Sideways}
        """, BmcHost.class).unreadable()).startsWith("spec.power:");
  }

  @Test
  void aReadableSpecIsNotMarked() {
    var spec = (JobSpec) specOf("""
        apiVersion: anvil.dev/v1alpha1
        kind: Job
        metadata: {name: j}
        spec: {retry: {limit: 3}}
        """, Job.class);
    assertThat(spec.unreadable()).isNull();
    assertThat(spec.getRetry().getLimit()).isEqualTo(3);
  }
}
