package dev.anvil.operator.scheduling;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {

  private static Job job(String name, int secondsAfterEpoch, Integer priority) {
    var job = podJob("ns", name, "0", 0);
    job.getMetadata().setUid("uid-" + name);
    job.getMetadata().setCreationTimestamp(java.time.Instant.ofEpochSecond(1_800_000_000L + secondsAfterEpoch).toString());
    job.getSpec().setPriority(priority);
    return job;
  }

  private static Job running(Job job) {
    var status = new JobStatus();
    status.setPhase(JobPhase.Running);
    status.setAdmittedTime("2026-01-01T00:00:00Z");
    job.setStatus(status);
    return job;
  }

  @Test
  void anUnlimitedNamespaceAdmitsEverything() {
    var queue = new AdmissionQueue(new NamespaceQuotas(0));
    var a = job("a", 1, null);
    assertThat(queue.decide(a, List.of(a)).admitted()).isTrue();
  }

  @Test
  void slotsGoFirstComeFirstServedAndAreNotHandedOutTwiceBeforeTheCacheCatchesUp() {
    var queue = new AdmissionQueue(new NamespaceQuotas(2));
    var busy = running(job("busy", 0, null));
    var early = job("early", 1, null);
    var late = job("late", 2, null);
    var all = List.of(busy, early, late);
    var forLate = queue.decide(late, all);
    assertThat(forLate.admitted()).isFalse();
    assertThat(forLate.message()).contains("runs 1 of at most 2").contains("number 2");
    assertThat(queue.decide(early, all).admitted()).isTrue();
    // the cache has not seen early's admission yet: late must still wait
    assertThat(queue.decide(late, all).admitted()).isFalse();
    assertThat(queue.decide(early, all).admitted()).isTrue();
  }

  @Test
  void higherPriorityGoesFirst() {
    var queue = new AdmissionQueue(new NamespaceQuotas(1));
    var early = job("early", 1, null);
    var urgent = job("urgent", 5, 100);
    var all = List.of(early, urgent);
    assertThat(queue.decide(early, all).admitted()).isFalse();
    assertThat(queue.decide(urgent, all).admitted()).isTrue();
    assertThat(queue.nextInLine(all, 1)).isEmpty(); // none is in phase Queued yet
  }

  @Test
  void agentJobsTakeNoPlaceInThePodQueue() {
    var queue = new AdmissionQueue(new NamespaceQuotas(1));
    var agent = job("agent", 0, null);
    agent.getSpec().setExecutor("Agent");
    var pod = job("pod", 1, null);
    assertThat(queue.decide(pod, List.of(agent, pod)).admitted()).isTrue();
  }
}
