package dev.anvil.agent.bmc;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one owner's tasks one at a time and in order on a shared pool: a host's polls and actions, a console's opens,
 * keystrokes and closes, never overlap.
 */
public final class SerialExecutor implements Executor {

  private final Executor pool;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean active;

  public SerialExecutor(Executor pool) {
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
