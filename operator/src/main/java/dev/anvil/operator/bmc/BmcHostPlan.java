package dev.anvil.operator.bmc;

import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What one reconcile of a BmcHost decided: the status to record, the commands to send, events, when to look again. */
final class BmcHostPlan {

  /** A Kubernetes Event to record about the host. */
  record Event(boolean warning, String reason, String message) {
  }

  /** The command that makes {@code agent} serve the host (sent only when its heartbeat does not show it serving). */
  record Serve(String agent, ServeBmcHost command) {
  }

  /** A ReleaseBmcHost for an agent that must stop serving the host. */
  record Release(String agent, String reason) {
  }

  /** A one-shot action for the serving agent. */
  record Act(String agent, BmcAction action) {
  }

  private final BmcHostStatus status;
  private Serve serve;
  private final List<Release> releases = new ArrayList<>();
  private Act act;
  private final List<Event> events = new ArrayList<>();
  private Duration requeueAfter;

  BmcHostPlan(BmcHostStatus status) {
    this.status = status;
  }

  BmcHostStatus status() {
    return status;
  }

  Serve serve() {
    return serve;
  }

  void serve(String agent, ServeBmcHost command) {
    serve = new Serve(agent, command);
  }

  List<Release> releases() {
    return releases;
  }

  void release(String agent, String reason) {
    releases.add(new Release(agent, reason));
  }

  Act act() {
    return act;
  }

  void act(String agent, BmcAction action) {
    act = new Act(agent, action);
  }

  List<Event> events() {
    return events;
  }

  void normal(String reason, String message) {
    events.add(new Event(false, reason, message));
  }

  void warning(String reason, String message) {
    events.add(new Event(true, reason, message));
  }

  Duration requeueAfter() {
    return requeueAfter;
  }

  /** Look again within {@code delay} (the earliest of all requests wins). */
  void requeueWithin(Duration delay) {
    if (requeueAfter == null || delay.compareTo(requeueAfter) < 0) {
      requeueAfter = delay.isNegative() ? Duration.ZERO : delay;
    }
  }
}
