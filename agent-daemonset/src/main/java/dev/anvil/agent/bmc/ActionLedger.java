package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcActionResult;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actions this agent has taken on, by host and action id (an action id is unique per host only): those still
 * running, and the results of the last {@value #REMEMBERED} that ended, so a repeated action is never executed twice
 * and is answered with its first result.
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

  /** Claims the host's action for execution: false when it runs already or has a result. */
  synchronized boolean claim(String hostUid, String actionId) {
    var key = key(hostUid, actionId);
    return !finished.containsKey(key) && running.add(key);
  }

  /** The result of the host's action that ended, if it is still remembered. */
  synchronized Optional<BmcActionResult> result(String hostUid, String actionId) {
    return Optional.ofNullable(finished.get(key(hostUid, actionId)));
  }

  /** Records how a claimed action ended. */
  synchronized void finish(BmcActionResult result) {
    var key = key(result.getHostUid(), result.getActionId());
    running.remove(key);
    finished.put(key, result);
  }

  private static String key(String hostUid, String actionId) {
    return hostUid + "/" + actionId;
  }
}
