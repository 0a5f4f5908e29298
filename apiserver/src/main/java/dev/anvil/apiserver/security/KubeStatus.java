package dev.anvil.apiserver.security;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The Kubernetes {@code Status} bodies of the security answers (401, 403, 429, 503), as kube-apiserver writes them. */
public final class KubeStatus {

  private KubeStatus() {
  }

  public static Status failure(int code, String reason, String message, StatusDetails details) {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
        .withStatus("Failure").withMessage(message).withReason(reason).withCode(code).withDetails(details).build();
  }

  /** Fabric8's own serializer: the model carries Jackson 2 annotations, Spring MVC here runs Jackson 3. */
  public static String json(Status status) {
    return Serialization.asJson(status);
  }

  public static void write(HttpServletResponse response, Status status) throws IOException {
    if (response.isCommitted()) {
      return;
    }
    response.setStatus(status.getCode());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json(status));
    response.getWriter().flush();
  }
}
