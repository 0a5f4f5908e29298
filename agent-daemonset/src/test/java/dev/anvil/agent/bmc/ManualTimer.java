package dev.anvil.agent.bmc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/** A {@link PollTimer} the test drives: it records what is scheduled and runs it when told to. */
final class ManualTimer implements PollTimer {

  private record Scheduled(Duration delay, Runnable task, CompletableFuture<Void> handle) {
  }

  private final List<Scheduled> scheduled = new ArrayList<>();

  @Override
  public synchronized Future<?> schedule(Duration delay, Runnable task) {
    var handle = new CompletableFuture<Void>();
    scheduled.add(new Scheduled(delay, task, handle));
    return handle;
  }

  /** The delay of the one task waiting to run; fails unless exactly one waits. */
  synchronized Duration pendingDelay() {
    return single().delay();
  }

  /** How many scheduled tasks neither ran nor were cancelled. */
  synchronized long pending() {
    return scheduled.stream().filter(s -> !s.handle().isDone()).count();
  }

  /** Runs the one task waiting (as if its delay passed); fails unless exactly one waits. */
  void fire() {
    Scheduled next;
    synchronized (this) {
      next = single();
      next.handle().complete(null);
    }
    next.task().run();
  }

  private Scheduled single() {
    var waiting = scheduled.stream().filter(s -> !s.handle().isDone()).toList();
    if (waiting.size() != 1) {
      throw new AssertionError(waiting.size() + " polls scheduled, expected one");
    }
    return waiting.get(0);
  }
}
