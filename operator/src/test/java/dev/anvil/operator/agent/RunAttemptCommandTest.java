package dev.anvil.operator.agent;

import static dev.anvil.operator.TestJobs.agentJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentEnvVar;
import dev.anvil.operator.job.JobPlan;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The RunAttempt an Agent Job's attempt becomes: program, env with Secret references, limits. */
class RunAttemptCommandTest {

  @Test
  void secretEnvTravelsAsAReferenceFlaggedSecretAndLimitsAreCarried() {
    var job = agentJob("lab", "burn", null);
    job.getMetadata().setUid("u-1");
    var task = job.getSpec().getAgent();
    task.setScript(null);
    task.setCommand(List.of("fio", "--name=burn"));
    task.setWorkingDir("/srv");
    var plain = new AgentEnvVar();
    plain.setName("SIZE");
    plain.setValue("1G");
    var secret = new AgentEnvVar();
    secret.setName("TOKEN");
    secret.setSecretKeyRef(new SecretKeySelector("token", "creds", false));
    task.setEnv(List.of(plain, secret));
    var deadline = Instant.parse("2026-11-23T11:00:00Z");

    var run = RunAttemptCommand.of(job, new JobPlan.RunOnAgent(2, "a", 300L, deadline)).getRunAttempt();

    assertThat(run.getAttemptId()).isEqualTo("u-1/2");
    assertThat(run.getAttempt()).isEqualTo(2);
    assertThat(run.getCommand().getArgsList()).containsExactly("fio", "--name=burn");
    assertThat(run.getWorkingDir()).isEqualTo("/srv");
    assertThat(run.getEnv(0).getValue()).isEqualTo("1G");
    assertThat(run.getEnv(0).getSecret()).isFalse();
    assertThat(run.getEnv(1).getValue()).isEqualTo("secretKeyRef:lab/creds/token");
    assertThat(run.getEnv(1).getSecret()).isTrue();
    assertThat(run.getTimeout().getSeconds()).isEqualTo(300);
    assertThat(run.getDeadline().getSeconds()).isEqualTo(deadline.getEpochSecond());
  }
}
