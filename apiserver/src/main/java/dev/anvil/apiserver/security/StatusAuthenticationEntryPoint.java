package dev.anvil.apiserver.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 for a missing or refused token, as kube-apiserver answers it ({@code Status} reason {@code Unauthorized},
 * {@code WWW-Authenticate: Bearer}); 503 when the token could not be checked (TokenReview unreachable). The token
 * and the reason it was refused stay out of the answer.
 */
final class StatusAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final Counter refused;

  StatusAuthenticationEntryPoint(MeterRegistry metrics) {
    this.refused = Counter.builder("anvil_apiserver_unauthorized").description("requests answered 401")
        .register(metrics);
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (e instanceof AuthenticationServiceException) {
      KubeStatus.write(response, KubeStatus.failure(503, "ServiceUnavailable",
          "authentication is unavailable, please try again later", null));
      return;
    }
    refused.increment();
    response.setHeader("WWW-Authenticate", "Bearer realm=\"anvil\"");
    KubeStatus.write(response, KubeStatus.failure(401, "Unauthorized", "Unauthorized", null));
  }
}
