package dev.anvil.sim.redfish;

import dev.anvil.sim.redfish.Reply.Message;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The misbehaviour a test asks of the simulated BMC (slow answers, failures) and the requests it counted. */
final class Faults {

  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile Duration delay = Duration.ZERO;
  private final AtomicBoolean changeBeforeNextPatch = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> byRequestLine = new ConcurrentHashMap<>();

  void failNext(int times, int status) {
    failureStatus = status;
    failuresLeft.set(times);
  }

  void delay(Duration delay) {
    this.delay = delay;
  }

  void changeBeforeNextPatch() {
    changeBeforeNextPatch.set(true);
  }

  /** Counts a request, waits the configured delay, and answers the next planned failure if one is left. */
  Optional<Reply> onRequest(String method, String path) throws InterruptedException {
    requests.incrementAndGet();
    byRequestLine.computeIfAbsent(method + " " + MockupTree.normalize(path), k -> new AtomicInteger()).incrementAndGet();
    var wait = delay;
    if (!wait.isZero()) {
      Thread.sleep(wait.toMillis());
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      var status = failureStatus;
      if (status == 503) {
        return Optional.of(Reply.error(503, new Message("ServiceTemporarilyUnavailable",
            "The service is temporarily unavailable.  Retry in 1 seconds.", "1")).withHeader("Retry-After", "1"));
      }
      return Optional.of(status >= 500
          ? Reply.error(status, new Message("InternalError",
              "The request failed due to an internal service error.  The service is still operational."))
          : Reply.error(status, new Message("GeneralError",
              "A general error has occurred. See Resolution for information on how to resolve the error.")));
    }
    return Optional.empty();
  }

  /** Whether a PATCH should find its resource changed by someone else first (used once). */
  boolean takeChangeBeforePatch() {
    return changeBeforeNextPatch.getAndSet(false);
  }

  int requests() {
    return requests.get();
  }

  int requests(String method, String path) {
    var count = byRequestLine.get(method + " " + MockupTree.normalize(path));
    return count == null ? 0 : count.get();
  }
}
