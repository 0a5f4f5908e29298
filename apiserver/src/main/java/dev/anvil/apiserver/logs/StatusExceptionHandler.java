package dev.anvil.apiserver.logs;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders a {@link StatusException} as the Kubernetes {@code Status} body the API server would send. */
@RestControllerAdvice(assignableTypes = JobLogController.class)
class StatusExceptionHandler {

  @ExceptionHandler(StatusException.class)
  ResponseEntity<String> status(StatusException e) {
    return render(e);
  }

  /** The log store is down or refusing: a retryable 503, as the API server answers when etcd is unavailable. */
  @ExceptionHandler(RedisException.class)
  ResponseEntity<String> logStoreUnavailable(RedisException e) {
    return render(StatusException.unavailable("the log store is unavailable: " + e.getMessage()));
  }

  static ResponseEntity<String> render(StatusException e) {
    var status = new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
        .withStatus("Failure").withMessage(e.getMessage()).withReason(e.reason()).withCode(e.code())
        .build();
    if (e.name() != null) {
      status.setDetails(new StatusDetailsBuilder().withName(e.name()).withGroup(JobLogController.GROUP)
          .withKind("jobs").build());
    }
    // Fabric8's own serializer: the model carries Jackson 2 annotations, Spring MVC here runs Jackson 3
    return ResponseEntity.status(e.code()).contentType(MediaType.APPLICATION_JSON)
        .body(Serialization.asJson(status));
  }
}
