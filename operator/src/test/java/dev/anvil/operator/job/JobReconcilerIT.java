package dev.anvil.operator.job;

import static dev.anvil.operator.TestJobs.podJob;
import static dev.anvil.operator.TestJobs.retry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.ExitCodeRule;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.status.Conditions;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Job reconciler against the embedded API with the kubelet stand-in: every path a Pod Job can take. */
class JobReconcilerIT {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static EmbeddedKubeApi api;
  private static KubernetesClient client;
  private static KubeletStandIn kubelet;
  private static AnvilOperator operator;

  @BeforeAll
  static void start() {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    kubelet = new KubeletStandIn(client);
    operator = AnvilOperator.start(client, OperatorConfig.local());
  }

  @AfterAll
  static void stop() {
    operator.close();
    kubelet.close();
    client.close();
    api.close();
  }

  private static String namespace() {
    return "t" + NAMESPACES.incrementAndGet();
  }

  private static Job apply(Job job) {
    return client.resource(job).create();
  }

  private static Job get(Job job) {
    return client.resources(Job.class).inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName()).get();
  }

  private static Job awaitPhase(Job job, JobPhase phase) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      var current = get(job);
      return current != null && current.getStatus() != null && current.getStatus().getPhase() == phase;
    });
    return get(job);
  }

  private static List<String> reasons(Job job) {
    return job.getStatus().getAttempts().stream().map(Attempt::getReason).toList();
  }

  @Test
  void aSucceedingPodMakesTheJobSucceed() {
    var job = apply(podJob(namespace(), "hello", "0", 0));
    var done = awaitPhase(job, JobPhase.Succeeded);
    assertThat(Conditions.find(done.getStatus().getConditions(), JobStatus.SUCCEEDED).getStatus()).isEqualTo("True");
    assertThat(done.getStatus().getAttempts()).singleElement().satisfies(a -> {
      assertThat(a.getPod()).isEqualTo("hello-1");
      assertThat(a.getExitCode()).isZero();
      assertThat(a.getReason()).isEqualTo(Attempt.COMPLETED);
    });
    assertThat(done.getStatus().getStartTime()).isNotNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(done.getStatus().getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    var pod = client.pods().inNamespace(job.getMetadata().getNamespace()).withName("hello-1").get();
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(done.getMetadata().getUid()));
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        client.v1().events().inNamespace(job.getMetadata().getNamespace()).list().getItems())
        .extracting(e -> e.getReason()).contains("AttemptStarted", "Succeeded"));
  }

  @Test
  void failedAttemptsAreRetriedWithBackoffUntilOneSucceeds() {
    var job = podJob(namespace(), "flaky", "3,3,0", 0);
    job.getSpec().setRetry(retry(3));
    var done = awaitPhase(apply(job), JobPhase.Succeeded);
    assertThat(reasons(done)).containsExactly("Failed", "Failed", Attempt.COMPLETED);
    assertThat(done.getStatus().getAttempts()).extracting(Attempt::getExitCode).containsExactly(3, 3, 0);
    assertThat(done.getStatus().getAttempts()).extracting(Attempt::getPod).containsExactly("flaky-1", "flaky-2",
        "flaky-3");
    assertThat(done.getStatus().getAttempt()).isEqualTo(3);
  }

  @Test
  void retriesStopAtTheLimit() {
    var job = podJob(namespace(), "broken", "1", 0);
    job.getSpec().setRetry(retry(1));
    var done = awaitPhase(apply(job), JobPhase.Failed);
    assertThat(reasons(done)).containsExactly("Failed", "Failed");
    var failed = Conditions.find(done.getStatus().getConditions(), JobStatus.FAILED);
    assertThat(failed.getStatus()).isEqualTo("True");
    assertThat(failed.getReason()).isEqualTo(JobDecision.RETRY_LIMIT_EXCEEDED);
    assertThat(failed.getMessage()).contains("exit code 1");
  }

  @Test
  void exitCodesOutsideTheRuleAreNotRetried() {
    var job = podJob(namespace(), "fatal", "2,0", 0);
    var retry = retry(3);
    var rule = new ExitCodeRule();
    rule.setOperator("NotIn");
    rule.setValues(List.of(2));
    retry.setExitCodes(rule);
    job.getSpec().setRetry(retry);
    var done = awaitPhase(apply(job), JobPhase.Failed);
    assertThat(reasons(done)).containsExactly("Failed");
    assertThat(Conditions.find(done.getStatus().getConditions(), JobStatus.FAILED).getMessage())
        .contains("does not retry");
  }

  @Test
  void evictedPodsAreRetriedByDefault() {
    var job = podJob(namespace(), "evicted", "evict,0", 0);
    job.getSpec().setRetry(retry(1));
    var done = awaitPhase(apply(job), JobPhase.Succeeded);
    assertThat(reasons(done)).containsExactly("Evicted", Attempt.COMPLETED);
  }

  @Test
  void deletingTheRunningPodStartsTheNextAttempt() {
    var job = podJob(namespace(), "deleted", "hang,0", 0);
    job.getSpec().setRetry(retry(1));
    job = apply(job);
    var ns = job.getMetadata().getNamespace();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace(ns).withName("deleted-1").get() != null);
    client.pods().inNamespace(ns).withName("deleted-1").delete();
    var done = awaitPhase(job, JobPhase.Succeeded);
    assertThat(reasons(done)).containsExactly("PodDeleted", Attempt.COMPLETED);
  }

  @Test
  void anAttemptPastItsDeadlineIsStoppedAndRetriedWhenAsked() {
    var job = podJob(namespace(), "slow", "hang,hang", 0);
    job.getSpec().setAttemptDeadlineSeconds(1L);
    job.getSpec().setRetry(retry(1, "DeadlineExceeded"));
    var done = awaitPhase(apply(job), JobPhase.Failed);
    assertThat(reasons(done)).containsExactly("DeadlineExceeded", "DeadlineExceeded");
    assertThat(Conditions.find(done.getStatus().getConditions(), JobStatus.FAILED).getReason())
        .isEqualTo(JobDecision.RETRY_LIMIT_EXCEEDED);
  }

  @Test
  void theJobDeadlineEndsTheJobWhateverTheRetries() {
    var job = podJob(namespace(), "overdue", "hang", 0);
    job.getSpec().setActiveDeadlineSeconds(1L);
    job.getSpec().setRetry(retry(5, "DeadlineExceeded"));
    var done = awaitPhase(apply(job), JobPhase.Failed);
    assertThat(Conditions.find(done.getStatus().getConditions(), JobStatus.FAILED).getReason())
        .isEqualTo("DeadlineExceeded");
    assertThat(done.getStatus().getAttempts()).hasSize(1);
  }

  @Test
  void aSuspendedJobRunsNothingUntilResumed() {
    var job = podJob(namespace(), "paused", "0", 0);
    job.getSpec().setSuspend(true);
    var suspended = awaitPhase(apply(job), JobPhase.Suspended);
    assertThat(suspended.getStatus().getAttempts()).isEmpty();
    assertThat(client.pods().inNamespace(job.getMetadata().getNamespace()).list().getItems()).isEmpty();
    suspended.getSpec().setSuspend(false);
    client.resource(suspended).update();
    var done = awaitPhase(job, JobPhase.Succeeded);
    assertThat(done.getStatus().getAttempts()).hasSize(1);
  }

  @Test
  void suspendingARunningJobStopsItsPodWithoutCountingAFailure() {
    var job = podJob(namespace(), "interrupted", "hang,0", 0);
    job = apply(job);
    var running = awaitPhase(job, JobPhase.Running);
    running.getSpec().setSuspend(true);
    client.resource(running).update();
    var suspended = awaitPhase(job, JobPhase.Suspended);
    assertThat(reasons(suspended)).containsExactly(Attempt.SUSPENDED);
    suspended.getSpec().setSuspend(false);
    client.resource(suspended).update();
    var done = awaitPhase(job, JobPhase.Succeeded);
    assertThat(reasons(done)).containsExactly(Attempt.SUSPENDED, Attempt.COMPLETED);
  }

  @Test
  void finishedJobsAreDeletedAfterTheirTtl() {
    var job = podJob(namespace(), "short-lived", "0", 0);
    job.getSpec().setTtlSecondsAfterFinished(1L);
    var created = apply(job);
    await().atMost(Duration.ofSeconds(20)).until(() -> get(created) == null);
  }

  @Test
  void anInvalidSpecFailsWithAReasonAndRunsOnceFixed() {
    var job = podJob(namespace(), "no-image", "0", 0);
    job.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(null);
    var invalid = awaitPhase(apply(job), JobPhase.Failed);
    var failed = Conditions.find(invalid.getStatus().getConditions(), JobStatus.FAILED);
    assertThat(failed.getReason()).isEqualTo(JobDecision.INVALID_SPEC);
    assertThat(failed.getMessage()).contains("containers[0].image is required");
    assertThat(client.pods().inNamespace(job.getMetadata().getNamespace()).list().getItems()).isEmpty();

    invalid.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("busybox:1.36");
    client.resource(invalid).update();
    awaitPhase(job, JobPhase.Succeeded);
  }

  @Test
  void anUnknownExecutorIsReportedNotIgnored() {
    var job = podJob(namespace(), "lambda", "0", 0);
    job.getSpec().setExecutor("Lambda");
    var invalid = awaitPhase(apply(job), JobPhase.Failed);
    assertThat(Conditions.find(invalid.getStatus().getConditions(), JobStatus.SUCCEEDED).getMessage())
        .contains("spec.executor 'Lambda' is not one of [Pod, Agent]");
  }

  @Test
  void theNamespaceQuotaQueuesJobsAndAdmitsThemInOrder() {
    var ns = namespace();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
        .addToLabels("anvil.dev/max-concurrent-jobs", "1").endMetadata().build()).create();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.namespaces().withName(ns).get() != null);
    var names = List.of("q1", "q2", "q3");
    var jobs = names.stream().map(n -> apply(podJob(ns, n, "0", 400))).toList();
    var maxActive = new AtomicInteger();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var all = client.resources(Job.class).inNamespace(ns).list().getItems();
      int active = (int) all.stream().filter(j -> j.getStatus() != null && !j.getStatus().getAttempts().isEmpty()
          && j.getStatus().getPhase() != JobPhase.Succeeded).count();
      maxActive.accumulateAndGet(active, Math::max);
      return all.stream().allMatch(j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
    });
    assertThat(maxActive.get()).isEqualTo(1);
    var starts = jobs.stream().map(j -> get(j).getStatus().getStartTime()).toList();
    assertThat(starts).isSorted();
    assertThat(Conditions.find(get(jobs.get(2)).getStatus().getConditions(), JobStatus.QUEUED).getReason())
        .isEqualTo("Admitted");
  }
}
