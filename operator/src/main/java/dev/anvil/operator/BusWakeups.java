package dev.anvil.operator;

import dev.anvil.operator.agent.BusListener;
import dev.anvil.operator.bmc.BmcHostReconciler;
import dev.anvil.operator.job.JobReconciler;
import dev.anvil.protocol.AttemptId;

/** Connects the agent bus to the reconcilers it wakes and asks. */
final class BusWakeups implements BusListener {

  private final JobReconciler jobs;
  private final BmcHostReconciler bmcHosts;

  BusWakeups(JobReconciler jobs, BmcHostReconciler bmcHosts) {
    this.jobs = jobs;
    this.bmcHosts = bmcHosts;
  }

  @Override
  public boolean wakeJob(String jobUid) {
    return jobs.wake(jobUid);
  }

  @Override
  public boolean attemptWanted(AttemptId attempt) {
    return jobs.shouldRun(attempt);
  }

  @Override
  public void wakeBmcHost(String hostUid) {
    bmcHosts.wake(hostUid);
  }

  @Override
  public boolean bmcHostExists(String hostUid) {
    return bmcHosts.exists(hostUid);
  }

  @Override
  public String bmcHostAgent(String hostUid) {
    return bmcHosts.assignedAgent(hostUid);
  }
}
