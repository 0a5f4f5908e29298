package dev.anvil.apiserver.actions;

import dev.anvil.apiserver.kube.ApiStatusException;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.protocol.bus.BusUnavailableException;
import dev.anvil.protocol.deadletter.DeadLetterPage;
import dev.anvil.protocol.deadletter.DeadLetterQueue;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dead-letter queue as {@code DeadLetterList}s, newest first, paged with {@code limit} and {@code continue} as
 * Kubernetes lists are: {@code GET .../workflows/{name}/deadletters} (every run of that Workflow, authorised as
 * {@code get workflows/deadletters}) and {@code GET .../namespaces/{ns}/deadletters} (the namespace's, also those of
 * deleted Workflows, authorised as {@code list workflows/deadletters}).
 */
@RestController
public class DeadLetterController {

  private static final String BASE = "/apis/anvil.dev/v1alpha1/namespaces/{namespace}";

  private final DeadLetterQueue queue;
  private final KubernetesClient client;

  public DeadLetterController(DeadLetterQueue queue, KubernetesClient client) {
    this.queue = queue;
    this.client = client;
  }

  @GetMapping(path = BASE + "/workflows/{name}/deadletters", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> ofWorkflow(@PathVariable String namespace, @PathVariable String name,
      @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String token) {
    var page = parse(limit, token);
    if (client.resources(Workflow.class).inNamespace(namespace).withName(name).get() == null) {
      throw ActionErrors.notFound("workflows", name);
    }
    return ResponseEntity.ok(DeadLetterList.json(page.read(queue, namespace, Optional.of(name))));
  }

  @GetMapping(path = BASE + "/deadletters", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> ofNamespace(@PathVariable String namespace,
      @RequestParam(required = false) String limit, @RequestParam(name = "continue", required = false) String token) {
    return ResponseEntity.ok(DeadLetterList.json(parse(limit, token).read(queue, namespace, Optional.empty())));
  }

  private static PageRequest parse(String limit, String token) {
    int size;
    try {
      size = limit == null || limit.isEmpty() ? 0 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw ActionErrors.badRequest("limit must be a non-negative integer, got '" + limit + "'");
    }
    if (size < 0) {
      throw ActionErrors.badRequest("limit must be a non-negative integer, got '" + limit + "'");
    }
    // limit 0 or none means everything, as in Kubernetes: retention bounds a namespace's entries anyway
    var bounded = size == 0 || size > DeadLetterQueue.MAX_ENTRIES_PER_NAMESPACE
        ? DeadLetterQueue.MAX_ENTRIES_PER_NAMESPACE : size;
    return new PageRequest(bounded, ContinueToken.decode(token));
  }

  /** Which page a request asks for. */
  private record PageRequest(int limit, OptionalLong before) {

    DeadLetterPage read(DeadLetterQueue queue, String namespace, Optional<String> workflow) {
      try {
        return queue.page(namespace, workflow, limit, before);
      } catch (BusUnavailableException e) {
        throw ApiStatusException.unavailable("the dead-letter queue in the central Redis is unreachable");
      }
    }
  }
}
