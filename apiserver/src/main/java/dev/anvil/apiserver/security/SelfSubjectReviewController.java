package dev.anvil.apiserver.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /apis/authentication.k8s.io/v1/selfsubjectreviews}: who the caller's token says it is, as kube-apiserver
 * answers {@code kubectl auth whoami}; the console's sign-in check. Any authenticated caller may ask (as in
 * Kubernetes, where the route needs no RBAC rule); the request body is not needed and not read.
 */
@RestController
public class SelfSubjectReviewController {

  static final String PATH = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

  private static final ObjectMapper JSON = new ObjectMapper();

  @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> review(Authentication caller) throws JsonProcessingException {
    var review = JSON.createObjectNode();
    review.put("kind", "SelfSubjectReview");
    review.put("apiVersion", "authentication.k8s.io/v1");
    review.putObject("metadata").putNull("creationTimestamp");
    var userInfo = review.putObject("status").putObject("userInfo");
    userInfo.put("username", caller.getName());
    var groups = userInfo.putArray("groups");
    Caller.groupsOf(caller).forEach(groups::add);
    // a String body: Spring Boot 4's converters are Jackson 3's, these nodes are Jackson 2's
    return ResponseEntity.status(HttpStatus.CREATED).body(JSON.writeValueAsString(review));
  }
}
