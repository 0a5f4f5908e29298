package dev.anvil.apiserver;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns "no usable Kubernetes API at start" (no cluster, no namespace, refused) into Boot's short failure report. */
class KubernetesUnusableFailureAnalyzer extends AbstractFailureAnalyzer<KubernetesClientException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, KubernetesClientException cause) {
    return new FailureAnalysis("The Kubernetes API cannot be used: " + cause.getMessage() + ".",
        "Run in a Pod with the chart's ServiceAccount, or outside a cluster set KUBECONFIG (or -Dkubernetes.master) "
            + "and anvil.hub.bootstrap-secret.namespace (the namespace of the agents' bootstrap Secret).", cause);
  }
}
