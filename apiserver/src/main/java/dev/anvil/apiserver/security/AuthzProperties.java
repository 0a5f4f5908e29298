package dev.anvil.apiserver.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authorisation of the REST routes, {@code anvil.authz.*}.
 *
 * @param mode        who decides: the cluster's RBAC, the API keys' own namespace rules, or nobody
 * @param cacheTtl    how long a SubjectAccessReview's answer is reused for the same question
 * @param adminGroups in {@code api-key-namespaces} mode, the groups (e.g. {@code oidc:anvil-admins}) whose members
 *                    may do everything; every other caller that is not an API key is refused
 */
@ConfigurationProperties("anvil.authz")
public record AuthzProperties(
    @DefaultValue("subject-access-review") Mode mode,
    @DefaultValue("5s") Duration cacheTtl,
    @DefaultValue List<String> adminGroups) {

  /** Bound from {@code subject-access-review}, {@code api-key-namespaces}, {@code allow-all}. */
  public enum Mode {
    SUBJECT_ACCESS_REVIEW, API_KEY_NAMESPACES, ALLOW_ALL
  }
}
