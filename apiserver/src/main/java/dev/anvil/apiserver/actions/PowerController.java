package dev.anvil.apiserver.actions;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostRequests;
import dev.anvil.crds.v1alpha1.PowerAction;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST .../bmchosts/{name}/power} with {@code {"action": "ForceOff"}}: records a one-shot power request on the
 * host (annotation {@code anvil.dev/power-action}, with a request id of its own); the operator carries it out once and
 * records the outcome in status.requests under that value. One request at a time: while one waits, another is a 409.
 * Authorised as {@code create bmchosts/power} by the kubectl routes' authorisation.
 */
@RestController
public class PowerController {

  private final KubernetesClient client;

  public PowerController(KubernetesClient client) {
    this.client = client;
  }

  @PostMapping(path = "/apis/anvil.dev/v1alpha1/namespaces/{namespace}/bmchosts/{name}/power",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> power(@PathVariable String namespace, @PathVariable String name,
      @RequestBody(required = false) byte[] raw) {
    var body = RequestBodies.json(raw);
    var action = action(body);
    var hosts = client.resources(BmcHost.class).inNamespace(namespace);
    var host = hosts.withName(name).get();
    if (host == null) {
      throw ActionErrors.notFound("bmchosts", name);
    }
    var pending = BmcHostRequests.waiting(host, BmcHost.POWER_ACTION_ANNOTATION);
    if (pending != null) {
      throw ActionErrors.conflict("bmchosts.anvil.dev \"" + name + "\": power request " + pending
          + " has not been carried out yet; ask again once status.requests records it");
    }
    var value = BmcHostRequests.powerValue(action, "api-" + UUID.randomUUID().toString().substring(0, 8));
    var patch = Map.of("metadata", Map.of("resourceVersion", host.getMetadata().getResourceVersion(),
        "annotations", Map.of(BmcHost.POWER_ACTION_ANNOTATION, value)));
    try {
      hosts.withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw ActionErrors.conflict("bmchosts.anvil.dev \"" + name + "\" changed meanwhile; ask again");
      }
      throw e;
    }
    var answer = new LinkedHashMap<String, Object>();
    answer.put("apiVersion", "anvil.dev/v1alpha1");
    answer.put("kind", "PowerRequest");
    answer.put("namespace", namespace);
    answer.put("host", name);
    answer.put("action", action.name());
    answer.put("request", value);
    return ResponseEntity.accepted().body(Serialization.asJson(answer));
  }

  private static PowerAction action(Map<String, Object> body) {
    var given = body.get("action");
    for (var action : PowerAction.values()) {
      if (action.name().equals(given)) {
        return action;
      }
    }
    throw ActionErrors.badRequest("body must be {\"action\": <one of " + Arrays.toString(PowerAction.values())
        + ">}, got " + (given == null ? "no action" : "'" + given + "'"));
  }
}
