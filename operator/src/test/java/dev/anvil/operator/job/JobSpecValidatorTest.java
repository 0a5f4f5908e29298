package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.crds.v1alpha1.Backoff;
import dev.anvil.crds.v1alpha1.ExitCodeRule;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecValidatorTest {

  private final JobSpecValidator validator = new JobSpecValidator();

  private static JobSpec valid() {
    return podJob("ns", "j", "0", 0).getSpec();
  }

  @Test
  void aCompletePodJobIsValid() {
    assertThat(validator.validate(valid())).isEmpty();
  }

  @Test
  void eachProblemIsNamedWithItsField() {
    var spec = valid();
    spec.getTemplate().getSpec().getContainers().get(0).setImage(" ");
    spec.getTemplate().getSpec().setRestartPolicy("OnFailure");
    var retry = new RetryPolicy();
    retry.setLimit(500);
    retry.setReasons(List.of("Failed", "Sometimes"));
    var backoff = new Backoff();
    backoff.setInitial("ten seconds");
    backoff.setFactor(0.5);
    retry.setBackoff(backoff);
    var codes = new ExitCodeRule();
    codes.setOperator("Between");
    codes.setValues(List.of(0));
    retry.setExitCodes(codes);
    spec.setRetry(retry);
    spec.setActiveDeadlineSeconds(10L);
    spec.setAttemptDeadlineSeconds(20L);
    spec.setTtlSecondsAfterFinished(-1L);
    assertThat(validator.validate(spec)).containsExactlyInAnyOrder(
        "spec.template.spec.containers[0].image is required",
        "spec.template.spec.restartPolicy must be Never or unset (retries are decided by spec.retry), was OnFailure",
        "spec.retry.limit must be between 0 and 100, was 500",
        "spec.retry.backoff.initial: 'ten seconds' is not a duration such as 10s, 1m30s or 500ms",
        "spec.retry.backoff.factor must be between 1 and 10, was 0.5",
        "spec.retry.reasons: 'Sometimes' is not one of [Failed, PodDeleted, Evicted, DeadlineExceeded, AgentLost]",
        "spec.retry.exitCodes.operator must be In or NotIn, was Between",
        "spec.retry.exitCodes.values must be between 1 and 255, was [0]",
        "spec.ttlSecondsAfterFinished must be at least 0, was -1",
        "spec.attemptDeadlineSeconds (20) must not exceed spec.activeDeadlineSeconds (10)");
  }

  @Test
  void executorsNeedTheirOwnBlock() {
    var spec = new JobSpec();
    assertThat(validator.validate(spec)).containsExactly("spec.template.spec is required for executor Pod");
    spec.setExecutor("Agent");
    assertThat(validator.validate(spec)).containsExactly("spec.agent is required for executor Agent");
    var agent = new AgentTask();
    agent.setCommand(List.of("true"));
    agent.setScript("true");
    spec.setAgent(agent);
    assertThat(validator.validate(spec)).containsExactly("spec.agent needs exactly one of command or script");
    spec.setExecutor("Lambda");
    assertThat(validator.validate(spec)).containsExactly("spec.executor 'Lambda' is not one of [Pod, Agent]");
    assertThat(validator.validate(null)).containsExactly("spec is required");
  }
}
