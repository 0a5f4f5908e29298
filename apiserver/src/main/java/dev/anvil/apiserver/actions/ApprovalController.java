package dev.anvil.apiserver.actions;

import dev.anvil.apiserver.security.Caller;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST .../workflows/{name}/approve} with {@code {"node": "deploy", "decision": "approve"|"reject", "reason":
 * "..."}}: answers a waiting approval node, for a caller allowed to {@code create workflows/approve} and, when the node
 * lists {@code approvers}, named there (user, or {@code group:<group>}). The answer is the node's approval annotation.
 */
@RestController
public class ApprovalController {

  private final KubernetesClient client;

  public ApprovalController(KubernetesClient client) {
    this.client = client;
  }

  @PostMapping(path = "/apis/anvil.dev/v1alpha1/namespaces/{namespace}/workflows/{name}/approve",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> approve(@PathVariable String namespace, @PathVariable String name,
      @RequestBody(required = false) byte[] raw) {
    var body = RequestBodies.json(raw);
    var nodeName = body.get("node");
    var decision = body.get("decision");
    if (!(nodeName instanceof String) || !("approve".equals(decision) || "reject".equals(decision))) {
      throw ActionErrors.badRequest("body must be {\"node\": <approval node>, \"decision\": \"approve\"|\"reject\", "
          + "\"reason\": <optional>}");
    }
    var workflows = client.resources(Workflow.class).inNamespace(namespace);
    var workflow = workflows.withName(name).get();
    if (workflow == null) {
      throw ActionErrors.notFound("workflows", name);
    }
    var node = workflow.getSpec() == null || workflow.getSpec().getNodes() == null ? null
        : workflow.getSpec().getNodes().stream().filter(n -> nodeName.equals(n.getName())).findFirst().orElse(null);
    if (node == null || node.getApproval() == null) {
      throw ActionErrors.badRequest("workflow " + name + " has no approval node '" + nodeName + "'");
    }
    var state = workflow.getStatus() == null ? null : workflow.getStatus().getNodes().stream()
        .filter(n -> nodeName.equals(n.getName())).findFirst().orElse(null);
    if (state == null || state.getPhase() != StepPhase.Waiting) {
      throw ActionErrors.conflict("node " + nodeName + " of workflow " + name + " is not waiting for approval ("
          + (state == null ? "not started" : state.getPhase()) + ")");
    }
    var caller = SecurityContextHolder.getContext().getAuthentication();
    if (!isApprover(caller, node.getApproval().getApprovers())) {
      throw ActionErrors.forbidden("workflows.anvil.dev \"" + name + "\" is forbidden: User \"" + caller.getName()
          + "\" is not among the approvers of node " + nodeName);
    }
    var reason = body.get("reason") instanceof String text && !text.isBlank() ? text.strip() : null;
    var value = "approve".equals(decision) ? "approved" : reason == null ? "rejected" : "rejected: " + reason;
    var patch = Map.of("metadata", Map.of("annotations", Map.of(Workflow.APPROVAL_ANNOTATION_PREFIX + nodeName,
        value)));
    workflows.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    var answer = new LinkedHashMap<String, Object>();
    answer.put("apiVersion", "anvil.dev/v1alpha1");
    answer.put("kind", "Approval");
    answer.put("namespace", namespace);
    answer.put("workflow", name);
    answer.put("node", nodeName);
    answer.put("decision", value);
    answer.put("by", caller.getName());
    return ResponseEntity.ok(Serialization.asJson(answer));
  }

  private static boolean isApprover(Authentication caller, java.util.List<String> approvers) {
    if (approvers == null || approvers.isEmpty()) {
      return true;
    }
    return approvers.contains(caller.getName())
        || Caller.groupsOf(caller).stream().anyMatch(group -> approvers.contains("group:" + group));
  }
}
