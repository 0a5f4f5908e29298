package dev.anvil.e2e.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/** Runs a task for each index 0..count-1 on a fixed number of threads and waits for all of them. */
final class Parallel {

  private static final long TIMEOUT_MINUTES = 10;

  private Parallel() {
  }

  /** Runs {@code task} for every index; the first failure of a task is rethrown once all have ended. */
  static void run(int threads, int count, IntConsumer task) throws InterruptedException {
    var pool = Executors.newFixedThreadPool(threads);
    try {
      var futures = new Future<?>[count];
      for (int i = 0; i < count; i++) {
        int index = i;
        futures[i] = pool.submit(() -> task.accept(index));
      }
      pool.shutdown();
      if (!pool.awaitTermination(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        throw new IllegalStateException("tasks did not finish in " + TIMEOUT_MINUTES + " minutes");
      }
      for (var future : futures) {
        future.get(0, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a task failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }
}
