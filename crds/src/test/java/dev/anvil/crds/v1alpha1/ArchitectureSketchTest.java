package dev.anvil.crds.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The YAML users write (ARCHITECTURE.md's sketch, in the schema chosen here) maps onto the types. */
class ArchitectureSketchTest {

  @Test
  void pipelineWithWhenFinallyAndParams() {
    Pipeline p = Serialization.unmarshal("""
        apiVersion: anvil.dev/v1alpha1
        kind: Pipeline
        metadata: {name: release-1-4, namespace: ci}
        spec:
          params: [{name: version, default: "1.4.0"}]
          tasks:
          - {name: build, job: {executor: Agent, agent: {command: [make, build, "VERSION=$(params.version)"]}}}
          - {name: test, runAfter: [build], job: {executor: Agent, agent: {command: [make, test]}}}
          - name: package
            runAfter: [test]
            when: [{input: "$(tasks.test.results.verdict)", operator: in, values: [pass]}]
            job: {executor: Agent, agent: {command: [make, package]}}
          finally:
          - {name: notify, job: {executor: Agent, agent: {command: [./notify.sh, "$(tasks.status)"]}}}
          maxParallel: 4
          timeout: 1h
        """, Pipeline.class);

    assertThat(p.getSpec().getParams().get(0).getDefaultValue()).isEqualTo("1.4.0");
    assertThat(p.getSpec().getTasks().get(2).getWhen().get(0).getOperator()).isEqualTo(WhenExpression.Operator.in);
    assertThat(p.getSpec().getFinallyTasks()).extracting(PipelineTask::getName).containsExactly("notify");
    assertThat(Serialization.asJson(p.getSpec())).contains("\"finally\":[").doesNotContain("finallyTasks");
  }

  @Test
  void workflowWithTypedNodesAndSchedule() {
    Workflow w = Serialization.unmarshal("""
        apiVersion: anvil.dev/v1alpha1
        kind: Workflow
        metadata: {name: provision-r640-17, namespace: lab}
        spec:
          nodes:
          - {name: power-off, bmc: {host: r640-17, action: ForceOff}}
          - {name: pxe, dependsOn: [{node: power-off}], bmc: {host: r640-17, bootOverride: {target: Pxe, enabled: Once}}}
          - {name: power-on, dependsOn: [{node: pxe}], bmc: {host: r640-17, action: "On"}}
          - name: burn-in
            dependsOn: [{node: power-on}]
            retry: {limit: 2, backoff: {initial: 30s, jitter: 0.2}}
            job: {executor: Agent, agent: {command: [./burn-in.sh]}}
          - name: notify
            dependsOn: [{node: burn-in, outcome: Always}]
            http: {method: POST, url: "https://hooks.example.com/provisioned", expectStatus: [200, 204]}
            circuitBreaker: {failureThreshold: 5, window: 1m, openFor: 30s}
            onFailure: DeadLetter
          - {name: check, condition: {expression: "params.env == 'prod'", then: [notify], else: []}}
          schedule: {cron: "0 3 * * *", timeZone: Europe/Berlin, concurrencyPolicy: Forbid}
        """, Workflow.class);

    assertThat(w.getSpec().getNodes().get(2).getBmc().getAction()).isEqualTo(PowerAction.On);
    assertThat(w.getSpec().getNodes().get(3).getRetry().getBackoff().getJitter()).isEqualTo(0.2);
    WorkflowNode notify = w.getSpec().getNodes().get(4);
    assertThat(notify.getDependsOn().get(0).getOutcome()).isEqualTo(NodeDependency.Outcome.Always);
    assertThat(notify.getHttp().getExpectStatus()).containsExactly(200, 204);
    assertThat(notify.getOnFailure()).isEqualTo(OnFailure.DeadLetter);
    assertThat(w.getSpec().getNodes().get(5).getCondition().getElseNodes()).isEmpty();
    assertThat(w.getSpec().getSchedule().getConcurrencyPolicy()).isEqualTo(WorkflowSchedule.ConcurrencyPolicy.Forbid);
  }

  @Test
  void bmcHostWithQuotedPower() {
    BmcHost h = Serialization.unmarshal("""
        apiVersion: anvil.dev/v1alpha1
        kind: BmcHost
        metadata: {name: r640-17, namespace: lab}
        spec:
          address: redfish+https://10.1.2.17/redfish/v1/Systems/System.Embedded.1
          credentialsSecretRef: {name: r640-17-bmc}
          tls: {caSecretRef: {name: dc-a-bmc-ca}}
          datacenter: dc-a
          power: "On"
          bootOverride: {target: Pxe, enabled: Once, mode: UEFI}
          pollInterval: 30s
        """, BmcHost.class);

    assertThat(h.getSpec().getPower()).isEqualTo(BmcHostSpec.Power.On);
    assertThat(h.getSpec().getBootOverride().getMode()).isEqualTo(BootOverride.Mode.UEFI);
    assertThat(h.getSpec().getAddress()).matches(BmcHostSpec.ADDRESS_PATTERN);
  }

  @Test
  void addressPatternAcceptsTheDocumentedFormsOnly() {
    assertThat(new String[] {"redfish+https://10.1.2.17/redfish/v1/Systems/1", "redfish://bmc.lab:8443",
        "redfish+http://[fd00::17]:8000/redfish/v1/Systems/1", "ipmi://10.1.2.17:623", "ipmi://bmc-17.dc-a"})
        .allSatisfy(a -> assertThat(a).matches(BmcHostSpec.ADDRESS_PATTERN));
    assertThat(new String[] {"https://10.1.2.17", "ipmi://10.1.2.17/path", "redfish+ftp://h", "ipmi://", "10.1.2.17"})
        .allSatisfy(a -> assertThat(a).doesNotMatch(BmcHostSpec.ADDRESS_PATTERN));
  }
}
