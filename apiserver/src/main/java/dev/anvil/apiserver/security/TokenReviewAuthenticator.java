package dev.anvil.apiserver.security;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * Kubernetes tokens (service accounts, and whatever else the cluster accepts) checked with a TokenReview; the answer
 * is cached briefly under the token's SHA-256, never under the token itself.
 */
public final class TokenReviewAuthenticator {

  private final KubernetesClient client;
  private final AuthProperties.TokenReview properties;
  private final ShortCache<String, Optional<Caller>> cache;

  public TokenReviewAuthenticator(KubernetesClient client, AuthProperties.TokenReview properties, Clock clock) {
    this.client = client;
    this.properties = properties;
    this.cache = new ShortCache<>(properties.cacheTtl(), 10_000, clock);
  }

  /**
   * The caller the cluster says {@code token} belongs to, or empty when it says the token is not valid.
   *
   * @throws AuthenticationServiceException when the cluster cannot be asked
   */
  public Optional<Caller> authenticate(String token) {
    var fingerprint = HexFormat.of().formatHex(Sha256KeyEncoder.digest(token));
    return cache.get(fingerprint, ignored -> review(token));
  }

  private Optional<Caller> review(String token) {
    var review = new TokenReviewBuilder().withNewSpec().withToken(token)
        .withAudiences(properties.audiences()).endSpec().build();
    try {
      var answer = client.authentication().v1().tokenReviews().create(review);
      var status = answer == null ? null : answer.getStatus();
      if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null
          || status.getUser().getUsername() == null || status.getUser().getUsername().isBlank()) {
        return Optional.empty();
      }
      var user = status.getUser();
      return Optional.of(Caller.of(user.getUsername(),
          user.getGroups() == null ? java.util.List.of() : user.getGroups(), Caller.Kind.SERVICE_ACCOUNT));
    } catch (KubernetesClientException e) {
      // the message may echo the request, which holds the token: the code only
      throw new AuthenticationServiceException("TokenReview failed: HTTP " + e.getCode());
    }
  }
}
