package dev.anvil.sim.redfish;

import dev.anvil.sim.redfish.Reply.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The misbehaviour a test asks of the simulated BMC (slow answers, failures, garbage) and the requests it counted. */
final class Faults {

  /** What a planned fault does to one request: delay it, answer an error status, or answer broken JSON. */
  private record Plan(String method, AtomicInteger remaining, int status, Duration delay) {
    static final int GARBLE = -1;

    boolean takes(String requestMethod) {
      return (method == null || method.equals(requestMethod)) && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
  }

  private final List<Plan> plans = new CopyOnWriteArrayList<>();
  private volatile Duration delay = Duration.ZERO;
  private final AtomicBoolean changeBeforeNextPatch = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();
  /** By "METHOD path" or "METHOD path?query", the path normalised, the query as sent. */
  private final Map<String, AtomicInteger> byTarget = new ConcurrentHashMap<>();

  /** The next {@code times} requests with this method (any when null) answer {@code status}. */
  void failNext(String method, int times, int status) {
    plans.add(new Plan(method, new AtomicInteger(times), status, null));
  }

  /** The next {@code times} requests with this method (any when null) wait first. */
  void delayNext(String method, int times, Duration wait) {
    plans.add(new Plan(method, new AtomicInteger(times), 0, wait));
  }

  /** The next {@code times} requests answer 200 with a truncated JSON body. */
  void garbleNext(int times) {
    plans.add(new Plan(null, new AtomicInteger(times), Plan.GARBLE, null));
  }

  void delay(Duration delay) {
    this.delay = delay;
  }

  void changeBeforeNextPatch() {
    changeBeforeNextPatch.set(true);
  }

  /** Counts a request, waits the configured delays, and answers the planned fault if one applies. */
  Optional<Reply> onRequest(String method, String path, String rawQuery) throws InterruptedException {
    requests.incrementAndGet();
    var target = method + " " + MockupTree.normalize(path) + (rawQuery == null ? "" : "?" + rawQuery);
    byTarget.computeIfAbsent(target, k -> new AtomicInteger()).incrementAndGet();
    sleep(delay);
    for (var plan : plans) {
      if (!plan.takes(method)) {
        continue;
      }
      plans.removeIf(p -> p.remaining().get() == 0);
      if (plan.delay() != null) {
        sleep(plan.delay());
        return Optional.empty();
      }
      return Optional.of(plan.status() == Plan.GARBLE ? garbled() : error(plan.status()));
    }
    return Optional.empty();
  }

  private static void sleep(Duration wait) throws InterruptedException {
    if (!wait.isZero()) {
      Thread.sleep(wait.toMillis());
    }
  }

  private static Reply garbled() {
    return new Reply(200, Map.of("Content-Type", "application/json;charset=utf-8"), null, "{\"@odata.id\": \"/redf");
  }

  private static Reply error(int status) {
    if (status == 503) {
      return Reply.error(503, new Message("ServiceTemporarilyUnavailable",
          "The service is temporarily unavailable.  Retry in 1 seconds.", "1")).withHeader("Retry-After", "1");
    }
    return status >= 500
        ? Reply.error(status, new Message("InternalError",
            "The request failed due to an internal service error.  The service is still operational."))
        : Reply.error(status, new Message("GeneralError",
            "A general error has occurred. See Resolution for information on how to resolve the error."));
  }

  /** Whether a PATCH should find its resource changed by someone else first (used once). */
  boolean takeChangeBeforePatch() {
    return changeBeforeNextPatch.getAndSet(false);
  }

  int requests() {
    return requests.get();
  }

  /** Requests with this method on this path, whatever their query. */
  int requests(String method, String path) {
    var line = method + " " + MockupTree.normalize(path);
    return byTarget.entrySet().stream().filter(e -> e.getKey().equals(line) || e.getKey().startsWith(line + "?"))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  /** How often each target came, by "METHOD path[?query]". */
  Map<String, Integer> targets() {
    var counts = new TreeMap<String, Integer>();
    byTarget.forEach((target, count) -> counts.put(target, count.get()));
    return counts;
  }
}
