package dev.anvil.apiserver.security;

import dev.anvil.crds.v1alpha1.BmcHost;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mints a delegated token for one BmcHost's console or VNC, for a caller allowed to {@code create bmchosts/console}
 * (or {@code bmchosts/vnc}) there: the browser then opens the WebSocket with it and never holds the caller's own
 * credential.
 */
@RestController
public class DelegatedTokenController {

  private final DelegatedTokens tokens;
  private final Authorizer authorizer;
  private final KubernetesClient client;

  public DelegatedTokenController(DelegatedTokens tokens, Authorizer authorizer, KubernetesClient client) {
    this.tokens = tokens;
    this.authorizer = authorizer;
    this.client = client;
  }

  @PostMapping("/apis/anvil.dev/v1alpha1/namespaces/{namespace}/bmchosts/{name}/consoletoken")
  public ResponseEntity<String> mint(@PathVariable String namespace, @PathVariable String name,
      @RequestParam(defaultValue = "console") String action) {
    var parsed = DelegatedTokens.Action.parse(action);
    if (parsed == null) {
      return answer(KubeStatus.failure(400, "BadRequest", "action must be console or vnc", null));
    }
    authorizer.check("create", "anvil.dev", "bmchosts", parsed.value(), namespace, name);
    try {
      if (client.resources(BmcHost.class).inNamespace(namespace).withName(name).get() == null) {
        return answer(KubeStatus.failure(404, "NotFound", "bmchosts.anvil.dev \"" + name + "\" not found",
            new StatusDetailsBuilder().withName(name).withGroup("anvil.dev").withKind("bmchosts").build()));
      }
    } catch (KubernetesClientException e) {
      return answer(KubeStatus.failure(503, "ServiceUnavailable",
          "the Kubernetes API is unavailable: HTTP " + e.getCode(), null));
    }
    var minted = tokens.mint(SecurityContextHolder.getContext().getAuthentication(), namespace, name, parsed);
    var body = new LinkedHashMap<String, Object>();
    body.put("apiVersion", "anvil.dev/v1alpha1");
    body.put("kind", "DelegatedToken");
    body.put("namespace", namespace);
    body.put("host", name);
    body.put("action", parsed.value());
    body.put("token", minted.token());
    body.put("expiresAt", minted.expiresAt().toString());
    return ResponseEntity.status(201).contentType(MediaType.APPLICATION_JSON)
        .body(io.fabric8.kubernetes.client.utils.Serialization.asJson(body));
  }

  private static ResponseEntity<String> answer(io.fabric8.kubernetes.api.model.Status status) {
    return ResponseEntity.status(status.getCode()).contentType(MediaType.APPLICATION_JSON)
        .body(KubeStatus.json(status));
  }
}
