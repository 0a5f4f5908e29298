package dev.anvil.apiserver.security;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders the authoriser's refusals from any route as kube-apiserver's {@code Status} bodies. */
@RestControllerAdvice
class SecurityExceptionHandler {

  @ExceptionHandler(ForbiddenException.class)
  ResponseEntity<String> forbidden(ForbiddenException e) {
    return ResponseEntity.status(403).contentType(MediaType.APPLICATION_JSON).body(KubeStatus.json(e.status()));
  }

  @ExceptionHandler(Authorizer.AuthorizationUnavailableException.class)
  ResponseEntity<String> unavailable(Authorizer.AuthorizationUnavailableException e) {
    return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON).body(KubeStatus.json(
        KubeStatus.failure(503, "ServiceUnavailable", "authorization is unavailable: " + e.getMessage(), null)));
  }
}
