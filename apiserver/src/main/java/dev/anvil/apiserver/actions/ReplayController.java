package dev.anvil.apiserver.actions;

import dev.anvil.apiserver.kube.ApiStatusException;
import dev.anvil.apiserver.kube.ServedResource;
import dev.anvil.apiserver.kube.ServedResources;
import dev.anvil.crds.v1alpha1.ReplayRequest;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.validation.FieldError;
import dev.anvil.crds.validation.FieldError.Type;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST .../workflows/{name}/replay} with {@code {"nodes": ["a", "b"]}} or {@code {"all": true}}: asks the
 * operator to replay dead-lettered nodes by setting the Workflow's {@code anvil.dev/replay} annotation, merged with a
 * request still waiting there. Authorised as {@code create workflows/replay}. A body of the wrong shape is a 400, a
 * node the Workflow does not have a 422, a node with no dead letter waiting for replay (per the Workflow's status) a
 * 409, as kube-apiserver answers a request that conflicts with the object's state.
 */
@RestController
public class ReplayController {

  /** A status write of the operator between our read and our patch is a conflict; read again, a few times. */
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final ServedResource workflows;

  public ReplayController(KubernetesClient client, ServedResources resources) {
    this.client = client;
    this.workflows = resources.byPlural("workflows").orElseThrow();
  }

  @PostMapping(path = "/apis/anvil.dev/v1alpha1/namespaces/{namespace}/workflows/{name}/replay",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> replay(@PathVariable String namespace, @PathVariable String name,
      @RequestBody(required = false) byte[] raw) {
    var parsed = ReplayBody.parse(RequestBodies.json(raw));
    var resources = client.resources(Workflow.class).inNamespace(namespace);
    for (int attempt = 1; ; attempt++) {
      var workflow = resources.withName(name).get();
      if (workflow == null) {
        throw ActionErrors.notFound("workflows", name);
      }
      if (!parsed.errors().isEmpty()) {
        throw ApiStatusException.invalid(workflows, name, parsed.errors());
      }
      var request = parsed.request();
      var replayed = replayable(workflow, request, name);
      var annotations = workflow.getMetadata().getAnnotations();
      var pending = annotations == null ? null : annotations.get(Workflow.REPLAY_ANNOTATION);
      var merged = pending == null || pending.isBlank() ? request : ReplayRequest.parse(pending).and(request);
      var patch = Map.of("metadata", Map.of("resourceVersion", workflow.getMetadata().getResourceVersion(),
          "annotations", Map.of(Workflow.REPLAY_ANNOTATION, merged.value())));
      try {
        resources.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409 && attempt < ATTEMPTS) {
          continue;
        }
        if (e.getCode() == 409) {
          throw ApiStatusException.conflict(workflows, name, "the object keeps changing; ask again");
        }
        throw e;
      }
      var answer = new LinkedHashMap<String, Object>();
      answer.put("apiVersion", "anvil.dev/v1alpha1");
      answer.put("kind", "ReplayRequest");
      answer.put("namespace", namespace);
      answer.put("workflow", name);
      answer.put("nodes", replayed);
      answer.put("annotation", merged.value());
      return ResponseEntity.accepted().body(Serialization.asJson(answer));
    }
  }

  /** The nodes {@code request} replays now, or the 422 / 409 that refuses it. */
  private List<String> replayable(Workflow workflow, ReplayRequest request, String name) {
    var declared = workflow.getSpec() == null || workflow.getSpec().getNodes() == null ? List.<String>of()
        : workflow.getSpec().getNodes().stream().map(WorkflowNode::getName).toList();
    var unknown = new ArrayList<FieldError>();
    for (int i = 0; i < request.nodes().size(); i++) {
      if (!declared.contains(request.nodes().get(i))) {
        unknown.add(new FieldError(Type.FieldValueNotFound, "nodes[" + i + "]",
            "Not found: \"" + request.nodes().get(i) + "\""));
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiStatusException.invalid(workflows, name, unknown);
    }
    var states = workflow.getStatus() == null || workflow.getStatus().getNodes() == null
        ? List.<WorkflowNodeState>of() : workflow.getStatus().getNodes();
    var deadLettered = states.stream().filter(state -> state.getPhase() == StepPhase.DeadLettered)
        .map(WorkflowNodeState::getName).toList();
    if (request.all()) {
      if (deadLettered.isEmpty()) {
        throw ApiStatusException.conflict(workflows, name, "no node is dead-lettered, nothing to replay");
      }
      return deadLettered;
    }
    for (var node : request.nodes()) {
      if (!deadLettered.contains(node)) {
        var phase = states.stream().filter(state -> node.equals(state.getName())).findFirst()
            .map(WorkflowNodeState::getPhase).map(p -> "it is " + p).orElse("it has not run");
        throw ApiStatusException.conflict(workflows, name, "node " + node + " has no dead letter waiting for replay ("
            + phase + ")");
      }
    }
    return request.nodes();
  }
}
