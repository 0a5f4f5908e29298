package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Set;

/**
 * A {@code bmc} node: one power or boot request on a BmcHost through {@link BmcNodeStep}, which the BmcHost reconciler
 * carries out once per request id (the attempt key); the node waits for the outcome in the host's status.
 */
public final class BmcRunner implements NodeRunner {

  /** Failures that say the BMC or its host is in trouble, counted against the circuit breaker. */
  private static final Set<String> TARGET_FAILURES = Set.of("Unreachable", "HostNotReady", "Timeout", "ActionFailed");

  private final BreakerGate breaker = new BreakerGate();

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var spec = attempt.node().getBmc();
    var target = BmcNodeStep.target(attempt.namespace(), spec.getHost());
    var open = breaker.enter(attempt, target, attempt.node().getCircuitBreaker());
    if (open.isPresent()) {
      return open.get();
    }
    var host = hosts(attempt).withName(spec.getHost()).get();
    var outcome = BmcNodeStep.step(host, spec, attempt.key(), attempt.attemptStart(), attempt.now());
    if (outcome instanceof BmcNodeStep.Request request) {
      return patched(attempt, request.mutation()) ? new NodeStep.Running("requested " + describe(attempt)
          + " on BmcHost " + spec.getHost(), Duration.ofSeconds(2))
          : new NodeStep.Running("BmcHost " + spec.getHost() + " changed meanwhile; asking again", Duration.ZERO);
    }
    if (outcome instanceof BmcNodeStep.Waiting waiting) {
      return new NodeStep.Running(waiting.message(), waiting.recheckAfter());
    }
    if (outcome instanceof BmcNodeStep.Succeeded succeeded) {
      breaker.leave(attempt, false, true);
      return new NodeStep.Succeeded(succeeded.results());
    }
    var failed = (BmcNodeStep.Failed) outcome;
    if (failed.withdraw() != null && !patched(attempt, failed.withdraw())) {
      return new NodeStep.Running("BmcHost " + spec.getHost() + " picked the request up meanwhile", Duration.ZERO);
    }
    breaker.leave(attempt, TARGET_FAILURES.contains(failed.reason()), false);
    return new NodeStep.Failed(failed.reason(), failed.message(), failed.retryable());
  }

  @Override
  public void stop(NodeAttempt attempt, String why) {
    var spec = attempt.node().getBmc();
    var host = hosts(attempt).withName(spec.getHost()).get();
    var withdraw = host == null ? null : BmcNodeStep.withdraw(host, spec, attempt.key());
    if (withdraw != null) {
      patched(attempt, withdraw); // on a conflict the host took the request: it runs, and nobody waits for it
    }
    breaker.leave(attempt, false, false);
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<BmcHost,
      io.fabric8.kubernetes.api.model.KubernetesResourceList<BmcHost>,
      io.fabric8.kubernetes.client.dsl.Resource<BmcHost>> hosts(NodeAttempt attempt) {
    return attempt.services().client().resources(BmcHost.class).inNamespace(attempt.namespace());
  }

  /** Applies a guarded merge patch; false when the host changed since it was read (409). */
  private static boolean patched(NodeAttempt attempt, BmcNodeStep.Mutation mutation) {
    try {
      hosts(attempt).withName(attempt.node().getBmc().getHost())
          .patch(PatchContext.of(PatchType.JSON_MERGE), mutation.mergePatch());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private static String describe(NodeAttempt attempt) {
    var spec = attempt.node().getBmc();
    return spec.getAction() != null ? "power action " + spec.getAction()
        : "boot override " + spec.getBootOverride().getTarget();
  }
}
