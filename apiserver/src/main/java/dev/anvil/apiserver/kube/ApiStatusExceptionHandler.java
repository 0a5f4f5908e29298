package dev.anvil.apiserver.kube;

import dev.anvil.apiserver.actions.ApprovalController;
import dev.anvil.apiserver.actions.DeadLetterController;
import dev.anvil.apiserver.actions.PowerController;
import dev.anvil.apiserver.actions.ReplayController;
import dev.anvil.apiserver.fleet.AgentListController;
import dev.anvil.apiserver.fleet.BmcHostHistoryController;
import dev.anvil.apiserver.ui.UiController;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders refusals of the kubectl routes and the action subresources ({@code actions} package) as the Kubernetes
 * {@code Status} body kube-apiserver would send.
 */
@RestControllerAdvice(assignableTypes = {ResourceController.class, DiscoveryController.class, CoreReadController.class,
    OpenApiController.class, PowerController.class, ApprovalController.class, DeadLetterController.class,
    ReplayController.class, AgentListController.class, BmcHostHistoryController.class, UiController.class})
class ApiStatusExceptionHandler {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @ExceptionHandler(ApiStatusException.class)
  ResponseEntity<String> status(ApiStatusException e) {
    // Fabric8's own serializer: the model carries Jackson 2 annotations, Spring MVC here runs Jackson 3
    return ResponseEntity.status(e.code()).contentType(MediaType.APPLICATION_JSON)
        .body(SERIALIZATION.asJson(e.status()));
  }

  /** The backing API refused or could not be reached through the Fabric8 DSL (watches). */
  @ExceptionHandler(KubernetesClientException.class)
  ResponseEntity<String> backing(KubernetesClientException e) {
    if (e.getStatus() != null && e.getCode() > 0) {
      var status = e.getStatus();
      status.setApiVersion("v1");
      status.setKind("Status");
      return status(new ApiStatusException(status));
    }
    return status(ApiStatusException.unavailable("the Kubernetes API did not answer"));
  }
}
