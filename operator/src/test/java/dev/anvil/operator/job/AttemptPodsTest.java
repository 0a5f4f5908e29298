package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptPodsTest {

  @Test
  void podNamesAreDeterministicAndFitTheNameLimit() {
    assertThat(AttemptPods.name("build", 3)).isEqualTo("build-3");
    var longName = "x".repeat(253);
    var name = AttemptPods.name(longName, 12);
    assertThat(name).hasSize(253).endsWith("-12").isEqualTo(AttemptPods.name(longName, 12));
    assertThat(AttemptPods.name("y".repeat(253), 12)).isNotEqualTo(name);
  }

  @Test
  void theAttemptPodIsOwnedLabelledAndNeverRestartedByTheKubelet() {
    var job = podJob("ns", "build", "0", 0);
    job.getMetadata().setUid("uid-1");
    job.getSpec().getTemplate().getSpec().setRestartPolicy(null);
    var pod = AttemptPods.build(job, 2, 30L);
    assertThat(pod.getMetadata().getName()).isEqualTo("build-2");
    assertThat(pod.getMetadata().getLabels()).containsEntry(AttemptPods.JOB_UID_LABEL, "uid-1")
        .containsEntry(AttemptPods.ATTEMPT_LABEL, "2");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getController()).isTrue();
      assertThat(o.getKind()).isEqualTo("Job");
      assertThat(o.getApiVersion()).isEqualTo("anvil.dev/v1alpha1");
    });
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
    assertThat(pod.getSpec().getContainers().get(0).getEnv()).extracting(e -> e.getName() + "=" + e.getValue())
        .contains("ANVIL_ATTEMPT=2", "ANVIL_JOB_NAME=build");
    assertThat(AttemptPods.attemptOf(pod)).isEqualTo(2);
    // the Job's own template is left alone
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isNull();
  }
}
