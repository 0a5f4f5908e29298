package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcNode;
import dev.anvil.crds.v1alpha1.Param;
import dev.anvil.crds.v1alpha1.PowerAction;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.nodes.BmcRunner;
import dev.anvil.testing.SharedKubeApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A running bmc node is woken by changes of the BmcHost it asked, also when it names the host through a substitution
 * such as {@code host: $(params.host)} (the provisioning example does): the host is tracked as resolved, not as written.
 */
class BmcHostWakeupsTest {

  @RegisterExtension
  static final SharedKubeApi KUBE = new SharedKubeApi();



  @Test
  void aRunningBmcNodeWaitsOnTheHostItsParameterNames() {
    var spec = new BmcHostSpec();
    spec.setAddress("redfish+https://10.1.2.18/redfish/v1/Systems/1");
    spec.setCredentialsSecretRef(new SecretRef("r640-18-bmc"));
    spec.setDatacenter("dc-a");
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace("lab").withName("r640-18").build());
    host.setSpec(spec);
    KUBE.client().resource(host).create();
    var node = new WorkflowNode("power-off");
    node.setBmc(new BmcNode("$(params.host)", PowerAction.ForceOff));
    var run = workflow("lab", "provision", node);
    run.getMetadata().setUid("0b5e0c1c-uid");
    run.getSpec().setParams(List.of(new Param("host", "r640-18")));
    var conditions = new ConditionExpression();
    var services = new WorkflowServices(KUBE.client(), null, new InFlightCalls(),
        new CircuitBreakers(Clock.systemUTC(), new SimpleMeterRegistry()), conditions, null, id -> { });

    var plan = WorkflowRun.decide(run, WorkflowShape.of(run.getSpec(), conditions), Map.of(NodeKind.bmc,
        new BmcRunner()), services, new WorkflowChildren(List.of(), List.of()), Instant.now());

    assertThat(plan.status.getNodes()).extracting(WorkflowNodeState::getPhase).containsExactly(StepPhase.Running);
    assertThat(WorkflowRun.hostsWaitedOn(plan)).containsExactly("r640-18");
  }
}
