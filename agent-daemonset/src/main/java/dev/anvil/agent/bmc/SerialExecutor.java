package dev.anvil.agent.bmc;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Runs one host's tasks one at a time and in order on a shared pool, so its polls and actions never overlap. */
final class SerialExecutor implements Executor {

  private final Executor pool;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean active;

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(() -> {
      try {
        task.run();
      } finally {
        next();
      }
    });
    if (!active) {
      next();
    }
  }

  private synchronized void next() {
    var task = tasks.poll();
    active = task != null;
    if (active) {
      try {
        pool.execute(task);
      } catch (RejectedExecutionException e) {
        // the agent is stopping: what is left is dropped
        tasks.clear();
        active = false;
      }
    }
  }
}
