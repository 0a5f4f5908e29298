package dev.anvil.agent.bmc;

import java.time.Duration;
import java.util.concurrent.Future;

/** Runs a host's next poll after a delay: the agent's scheduled pool, or a test's hand-driven timer. */
@FunctionalInterface
public interface PollTimer {

  /** Runs {@code task} once {@code delay} has passed; the returned future cancels it. */
  Future<?> schedule(Duration delay, Runnable task);
}
