package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.FailureReason;
import dev.anvil.crds.v1alpha1.JobSpec;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Re-checks a Job spec before anything runs, since an API server may not have (the mock one validates nothing).
 * Every message names the field and says what would be accepted.
 */
public final class JobSpecValidator {

  private static final List<String> EXECUTORS = Arrays.stream(Executor.values()).map(Enum::name).toList();
  private static final List<String> FAILURE_REASONS = Arrays.stream(FailureReason.values()).map(Enum::name).toList();

  /** Returns the problems found; empty when the Job can run. */
  public List<String> validate(JobSpec spec) {
    var problems = new ArrayList<String>();
    if (spec == null) {
      problems.add("spec is required");
      return problems;
    }
    if (spec.unreadable() != null) {
      problems.add(spec.unreadable());
      return problems;
    }
    var executor = spec.getExecutor() == null ? Executor.Pod.name() : spec.getExecutor();
    if (!EXECUTORS.contains(executor)) {
      problems.add("spec.executor '" + executor + "' is not one of " + EXECUTORS);
    } else if (executor.equals(Executor.Pod.name())) {
      checkPodTemplate(spec, problems);
    } else {
      checkAgentTask(spec, problems);
    }
    checkRetry(spec, problems);
    checkPositive(spec.getActiveDeadlineSeconds(), "spec.activeDeadlineSeconds", 1, problems);
    checkPositive(spec.getAttemptDeadlineSeconds(), "spec.attemptDeadlineSeconds", 1, problems);
    checkPositive(spec.getTtlSecondsAfterFinished(), "spec.ttlSecondsAfterFinished", 0, problems);
    if (spec.getActiveDeadlineSeconds() != null && spec.getAttemptDeadlineSeconds() != null
        && spec.getAttemptDeadlineSeconds() > spec.getActiveDeadlineSeconds()) {
      problems.add("spec.attemptDeadlineSeconds (" + spec.getAttemptDeadlineSeconds()
          + ") must not exceed spec.activeDeadlineSeconds (" + spec.getActiveDeadlineSeconds() + ")");
    }
    return problems;
  }

  private static void checkPodTemplate(JobSpec spec, List<String> problems) {
    var template = spec.getTemplate();
    if (template == null || template.getSpec() == null) {
      problems.add("spec.template.spec is required for executor Pod");
      return;
    }
    var containers = template.getSpec().getContainers();
    if (containers == null || containers.isEmpty()) {
      problems.add("spec.template.spec.containers must list at least one container");
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      if (c.getName() == null || c.getName().isBlank()) {
        problems.add("spec.template.spec.containers[" + i + "].name is required");
      }
      if (c.getImage() == null || c.getImage().isBlank()) {
        problems.add("spec.template.spec.containers[" + i + "].image is required");
      }
    }
    var restart = template.getSpec().getRestartPolicy();
    if (restart != null && !restart.equals("Never")) {
      problems.add("spec.template.spec.restartPolicy must be Never or unset (retries are decided by spec.retry), was "
          + restart);
    }
  }

  private static void checkAgentTask(JobSpec spec, List<String> problems) {
    var agent = spec.getAgent();
    if (agent == null) {
      problems.add("spec.agent is required for executor Agent");
      return;
    }
    boolean hasCommand = agent.getCommand() != null && !agent.getCommand().isEmpty();
    boolean hasScript = agent.getScript() != null && !agent.getScript().isBlank();
    if (hasCommand == hasScript) {
      problems.add("spec.agent needs exactly one of command or script");
    }
  }

  private static void checkRetry(JobSpec spec, List<String> problems) {
    var retry = spec.getRetry();
    if (retry == null) {
      return;
    }
    if (retry.getLimit() != null && (retry.getLimit() < 0 || retry.getLimit() > 100)) {
      problems.add("spec.retry.limit must be between 0 and 100, was " + retry.getLimit());
    }
    var backoff = retry.getBackoff();
    if (backoff != null) {
      checkDuration(backoff.getInitial(), "spec.retry.backoff.initial", problems);
      checkDuration(backoff.getMax(), "spec.retry.backoff.max", problems);
      if (backoff.getFactor() != null && (backoff.getFactor() < 1 || backoff.getFactor() > 10)) {
        problems.add("spec.retry.backoff.factor must be between 1 and 10, was " + backoff.getFactor());
      }
    }
    if (retry.getReasons() != null) {
      for (var reason : retry.getReasons()) {
        if (!FAILURE_REASONS.contains(reason)) {
          problems.add("spec.retry.reasons: '" + reason + "' is not one of " + FAILURE_REASONS);
        }
      }
    }
    var exitCodes = retry.getExitCodes();
    if (exitCodes != null) {
      if (!"In".equals(exitCodes.getOperator()) && !"NotIn".equals(exitCodes.getOperator())) {
        problems.add("spec.retry.exitCodes.operator must be In or NotIn, was " + exitCodes.getOperator());
      }
      if (exitCodes.getValues() == null || exitCodes.getValues().isEmpty()) {
        problems.add("spec.retry.exitCodes.values must list at least one exit code");
      } else if (exitCodes.getValues().stream().anyMatch(v -> v == null || v < 1 || v > 255)) {
        problems.add("spec.retry.exitCodes.values must be between 1 and 255, was " + exitCodes.getValues());
      }
    }
  }

  private static void checkDuration(String text, String field, List<String> problems) {
    if (text == null) {
      return;
    }
    try {
      Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(field + ": " + e.getMessage());
    }
  }

  private static void checkPositive(Long value, String field, long min, List<String> problems) {
    if (value != null && value < min) {
      problems.add(field + " must be at least " + min + ", was " + value);
    }
  }
}
