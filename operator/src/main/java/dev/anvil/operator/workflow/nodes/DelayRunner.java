package dev.anvil.operator.workflow.nodes;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.operator.workflow.NodeAttempt;
import dev.anvil.operator.workflow.NodeRunner;
import dev.anvil.operator.workflow.NodeStep;
import java.time.Duration;
import java.util.Map;

/** A {@code delay} node: done once its duration has passed since the attempt started (kept in status: restart-safe). */
public final class DelayRunner implements NodeRunner {

  @Override
  public NodeStep step(NodeAttempt attempt) {
    var until = attempt.attemptStart().plus(Durations.parse(attempt.node().getDelay().getDuration()));
    if (!attempt.now().isBefore(until)) {
      return new NodeStep.Succeeded(Map.of());
    }
    return new NodeStep.Waiting("waiting until " + until, Duration.between(attempt.now(), until));
  }
}
