package dev.anvil.operator.scheduling;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many Jobs a namespace may run at once: the operator's default, overridden by the namespace's
 * {@value #KEY} label or annotation. 0 means unlimited.
 */
public class NamespaceQuotas implements AutoCloseable {

  /** Label or annotation on a Namespace that sets its quota. */
  public static final String KEY = "anvil.dev/max-concurrent-jobs";
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceQuotas.class);

  private final int defaultLimit;
  private final SharedIndexInformer<Namespace> namespaces;

  /** Watches Namespaces through {@code client} to read overrides; without permission it keeps to the default. */
  public NamespaceQuotas(KubernetesClient client, int defaultLimit) {
    this.defaultLimit = defaultLimit;
    SharedIndexInformer<Namespace> informer = null;
    try {
      informer = client.namespaces().inform();
    } catch (KubernetesClientException e) {
      LOG.warn("cannot watch Namespaces ({}): every namespace gets the default Job quota {}", e.getMessage(),
          defaultLimit);
    }
    this.namespaces = informer;
  }

  /** For tests and callers without a cluster: the default only. */
  public NamespaceQuotas(int defaultLimit) {
    this.defaultLimit = defaultLimit;
    this.namespaces = null;
  }

  /** The limit of {@code namespace}; 0 means unlimited. */
  public int limitFor(String namespace) {
    if (namespaces == null) {
      return defaultLimit;
    }
    var ns = namespaces.getStore().getByKey(namespace);
    if (ns == null) {
      return defaultLimit;
    }
    var override = override(ns.getMetadata().getAnnotations());
    if (override == null) {
      override = override(ns.getMetadata().getLabels());
    }
    return override == null ? defaultLimit : override;
  }

  private Integer override(Map<String, String> map) {
    var value = map == null ? null : map.get(KEY);
    if (value == null) {
      return null;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      return limit < 0 ? null : limit;
    } catch (NumberFormatException e) {
      LOG.warn("ignoring {}={} on a Namespace: not a whole number", KEY, value);
      return null;
    }
  }

  @Override
  public void close() {
    if (namespaces != null) {
      namespaces.close();
    }
  }
}
