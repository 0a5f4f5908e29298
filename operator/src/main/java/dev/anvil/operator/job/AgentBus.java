package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.protocol.bus.BusUnavailableException;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The agent bus as the Job reconciler sees it: live agents, unapplied reports, commands out, acks once applied. */
public interface AgentBus {

  /**
   * Agents that heartbeated within {@link #heartbeatTimeout()}.
   *
   * @throws BusUnavailableException when the registry cannot be read now
   */
  List<LiveAgent> live();

  /**
   * Whether an agent missing from {@link #live()} has really been silent: false until the bus has worked for a whole
   * heartbeat timeout after an outage, during which no agent could heartbeat.
   */
  boolean livenessSettled();

  Duration heartbeatTimeout();

  /** Reports about the Job's attempts that were received and not yet acknowledged, by attempt number. */
  Map<Integer, AgentReport> reports(String jobUid);

  /** Puts the attempt's RunAttempt on its agent's command stream unless an earlier call (or operator) already did. */
  void run(Job job, JobPlan.RunOnAgent run);

  /** Tells the agent to stop the attempt; cancelling an attempt that is not running is harmless. */
  void cancel(Job job, JobPlan.CancelOnAgent cancel);

  /** {@code written} is in the Job's status now: acknowledges the reports whose effect it holds. */
  void applied(String jobUid, JobStatus written);
}
