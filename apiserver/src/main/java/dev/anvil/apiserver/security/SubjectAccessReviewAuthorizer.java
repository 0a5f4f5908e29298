package dev.anvil.apiserver.security;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.Authentication;

/**
 * The cluster's RBAC decides: a SubjectAccessReview for the caller's user and groups, its answer cached for
 * {@code anvil.authz.cache-ttl} (so a permission just revoked may still be used that long).
 */
public final class SubjectAccessReviewAuthorizer implements Authorizer {

  private record Question(String user, Set<String> groups, ResourceAccess access) {
  }

  private final KubernetesClient client;
  private final ShortCache<Question, Boolean> cache;

  public SubjectAccessReviewAuthorizer(KubernetesClient client, Duration cacheTtl, Clock clock) {
    this.client = client;
    this.cache = new ShortCache<>(cacheTtl, 10_000, clock);
  }

  @Override
  public boolean allowed(Authentication caller, ResourceAccess access) {
    return cache.get(new Question(caller.getName(), Caller.groupsOf(caller), access), this::review);
  }

  private boolean review(Question question) {
    var a = question.access();
    var review = new SubjectAccessReviewBuilder().withNewSpec().withUser(question.user())
        .withGroups(List.copyOf(question.groups()))
        .withNewResourceAttributes().withVerb(a.verb()).withGroup(a.group()).withResource(a.resource())
        .withSubresource(a.subresource()).withNamespace(a.namespace()).withName(a.name()).endResourceAttributes()
        .endSpec().build();
    try {
      var answer = client.authorization().v1().subjectAccessReview().create(review);
      return answer != null && answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed())
          && !Boolean.TRUE.equals(answer.getStatus().getDenied());
    } catch (KubernetesClientException e) {
      throw new AuthorizationUnavailableException("SubjectAccessReview failed: HTTP " + e.getCode());
    }
  }
}
