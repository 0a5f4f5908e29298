package dev.anvil.apiserver.kube;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two core reads kubectl makes around anvil.dev objects, forwarded as they are: a namespace (kubectl checks it
 * exists after a NotFound in it) and the events of a namespace ({@code kubectl describe}). Not in discovery: the core
 * group is not served here.
 */
@RestController
public class CoreReadController {

  private final BackingApi backing;

  public CoreReadController(BackingApi backing) {
    this.backing = backing;
  }

  @GetMapping("/api/v1/namespaces/{namespace}")
  public ResponseEntity<byte[]> namespace(@PathVariable String namespace, HttpServletRequest request) {
    return forward("/api/v1/namespaces/" + namespace, request);
  }

  @GetMapping("/api/v1/namespaces/{namespace}/events")
  public ResponseEntity<byte[]> events(@PathVariable String namespace, HttpServletRequest request) {
    return forward("/api/v1/namespaces/" + namespace + "/events", request);
  }

  private ResponseEntity<byte[]> forward(String path, HttpServletRequest request) {
    var response = backing.send("GET", path, request.getQueryString(), null, null);
    return ResponseEntity.status(response.code()).contentType(MediaType.APPLICATION_JSON).body(response.body());
  }
}
