package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The action subresources, bmchosts/power and workflows/approve, through the booted apiserver (and kubectl). */
class SubresourceActionsIT {

  private static final String BASE = "/apis/anvil.dev/v1alpha1/namespaces/";

  @RegisterExtension
  static final KubectlFixture KUBE = new KubectlFixture();

  private static HttpResponse<String> post(String path, String body, String token) throws Exception {
    var request = ApiServerWithEmbeddedKube.request(KUBE.server().url() + path)
        .setHeader("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return ApiServerWithEmbeddedKube.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return post(path, body, ApiServerWithEmbeddedKube.TOKEN);
  }

  private static BmcHost host(String namespace, String name) {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://10.0.0.1:623");
    host.setSpec(spec);
    return KUBE.server().backing().resource(host).create();
  }

  @Test
  void powerRecordsOneRequestAtATime() throws Exception {
    host("lab", "r1");
    var path = BASE + "lab/bmchosts/r1/power";
    var first = post(path, "{\"action\": \"ForceOff\"}");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    var stored = KUBE.server().backing().resources(BmcHost.class).inNamespace("lab").withName("r1").get();
    var value = stored.getMetadata().getAnnotations().get(BmcHost.POWER_ACTION_ANNOTATION);
    assertThat(value).startsWith("ForceOff/api-");
    assertThat(first.body()).contains("\"request\":\"" + value + "\"");

    var pending = post(path, "{\"action\": \"On\"}");
    assertThat(pending.statusCode()).isEqualTo(409);
    assertThat(pending.body()).contains("has not been carried out yet");

    // the operator carried it out
    var status = new BmcHostStatus();
    status.setLastPowerRequest(value);
    stored.setStatus(status);
    KUBE.server().backing().resource(stored).updateStatus();
    var body = KUBE.home().resolve("on.json");
    Files.writeString(body, "{\"action\": \"On\"}");
    var viaKubectl = KUBE.kubectl().run("create", "--raw", path, "-f", body.toString());
    assertThat(viaKubectl.exitCode()).as(viaKubectl.err()).isZero();
    assertThat(viaKubectl.out()).contains("\"action\":\"On\"");

    assertThat(post(path, "{\"action\": \"Off\"}").body()).contains("one of [On, ForceOn, ForceOff");
    assertThat(post(BASE + "lab/bmchosts/nope/power", "{\"action\": \"On\"}").statusCode()).isEqualTo(404);
    var forbidden = post(path, "{\"action\": \"On\"}", ApiServerWithEmbeddedKube.TEAM_A_TOKEN);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("cannot create resource \\\"bmchosts/power\\\"");
  }

  @Test
  void approveAnswersAWaitingApprovalNodeForItsApproversOnly() throws Exception {
    var workflow = new Workflow();
    workflow.setMetadata(new ObjectMetaBuilder().withNamespace("ops").withName("release").build());
    var gate = new WorkflowNode("gate");
    var approval = new ApprovalNode();
    approval.setApprovers(List.of("admin", "group:release-managers"));
    gate.setApproval(approval);
    var locked = new WorkflowNode("locked");
    var lockedApproval = new ApprovalNode();
    lockedApproval.setApprovers(List.of("someone-else"));
    locked.setApproval(lockedApproval);
    var spec = new WorkflowSpec();
    spec.setNodes(new ArrayList<>(List.of(gate, locked)));
    workflow.setSpec(spec);
    var created = KUBE.server().backing().resource(workflow).create();
    var path = BASE + "ops/workflows/release/approve";

    assertThat(post(path, "{\"node\": \"gate\", \"decision\": \"approve\"}").statusCode()).isEqualTo(409);
    var status = new WorkflowStatus();
    status.setNodes(new ArrayList<>(List.of(new WorkflowNodeState("gate", StepPhase.Waiting),
        new WorkflowNodeState("locked", StepPhase.Waiting))));
    created.setStatus(status);
    KUBE.server().backing().resource(created).updateStatus();

    var notApprover = post(path, "{\"node\": \"locked\", \"decision\": \"approve\"}");
    assertThat(notApprover.statusCode()).isEqualTo(403);
    assertThat(notApprover.body()).contains("is not among the approvers of node locked");
    assertThat(post(path, "{\"node\": \"nope\", \"decision\": \"approve\"}").statusCode()).isEqualTo(400);

    var approved = post(path, "{\"node\": \"gate\", \"decision\": \"reject\", \"reason\": \"not today\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    var stored = KUBE.server().backing().resources(Workflow.class).inNamespace("ops").withName("release").get();
    assertThat(stored.getMetadata().getAnnotations()).containsEntry(Workflow.APPROVAL_ANNOTATION_PREFIX + "gate",
        "rejected: not today");
    var raw = KUBE.kubectl().run("get", "--raw", "/apis/anvil.dev/v1alpha1");
    assertThat(raw.out()).contains("\"name\":\"bmchosts/power\"", "\"name\":\"workflows/approve\"");
  }
}
