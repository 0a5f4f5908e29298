package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcActionResult;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The action ids this agent has taken on: those still running, and the results of the last {@value #REMEMBERED}
 * that ended, so a repeated action id is never executed twice and is answered with its first result.
 */
final class ActionLedger {

  static final int REMEMBERED = 1_000;

  private final Set<String> running = new HashSet<>();
  private final Map<String, BmcActionResult> finished = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, BmcActionResult> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** Claims {@code actionId} for execution: false when it runs already or has a result. */
  synchronized boolean claim(String actionId) {
    return !finished.containsKey(actionId) && running.add(actionId);
  }

  /** The result of an action that ended, if it is still remembered. */
  synchronized Optional<BmcActionResult> result(String actionId) {
    return Optional.ofNullable(finished.get(actionId));
  }

  /** Records how a claimed action ended. */
  synchronized void finish(BmcActionResult result) {
    running.remove(result.getActionId());
    finished.put(result.getActionId(), result);
  }
}
