package dev.anvil.apiserver.kube;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the kubectl-compatible front of the anvil.dev kinds.
 *
 * @param validate who validates writes: {@code embedded} (this apiserver, with the CRDs' schemas and CEL rules: the
 *     backing API is the embedded mock, which validates nothing) or {@code none} (a real cluster validates)
 * @param impersonate forward as the authenticated caller ({@code Impersonate-User}/{@code -Group}) instead of as the
 *     apiserver's own identity
 * @param aggregatedDiscovery answer kubectl's aggregated discovery request ({@code apidiscovery.k8s.io/v2}); when
 *     false it gets the legacy documents, as from a server older than 1.26
 * @param watchTimeout longest a watch stays open; a client's shorter {@code timeoutSeconds} wins
 * @param patchRetries how often a patch is applied again when the object changed between read and write
 */
@ConfigurationProperties("anvil.kube")
public record KubeProperties(@DefaultValue("embedded") Validation validate, @DefaultValue("false") boolean impersonate,
    @DefaultValue("true") boolean aggregatedDiscovery, @DefaultValue("30m") Duration watchTimeout,
    @DefaultValue("5") int patchRetries) {

  /** Who validates anvil.dev objects on create, update and patch. */
  public enum Validation {
    /** This apiserver validates (structural schema, ObjectMeta, CEL), prunes and defaults, as kube-apiserver would. */
    EMBEDDED,
    /** Forwarded as they are: the backing cluster's kube-apiserver validates. */
    NONE
  }
}
