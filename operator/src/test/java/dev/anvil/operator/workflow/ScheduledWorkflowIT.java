package dev.anvil.operator.workflow;

import static dev.anvil.operator.workflow.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.RunPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowSchedule;
import dev.anvil.operator.MutableClock;
import dev.anvil.operator.TolerantSpecCloner;
import dev.anvil.operator.events.EventRecorder;
import dev.anvil.operator.workflow.calls.CircuitBreakers;
import dev.anvil.operator.workflow.calls.ConditionExpression;
import dev.anvil.operator.workflow.calls.HttpCall;
import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scheduled Workflow through the reconciler, on a clock the test moves: no waiting for real ticks. */
class ScheduledWorkflowIT {

  private static final String NS = "cron";
  private final AtomicInteger pokes = new AtomicInteger();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private MutableClock clock;
  private Operator operator;
  private EventRecorder events;
  private HttpCall http;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    // a little after the next five-minute tick, so that tick comes after the template's creation (real time)
    var now = Instant.now();
    var tick = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(5 * (now.atZone(java.time.ZoneOffset.UTC)
        .getMinute() / 5 + 1)));
    clock = new MutableClock(tick.plusSeconds(30));
    startOperator();
  }

  @AfterEach
  void stop() {
    stopOperator();
    client.close();
    api.close();
  }

  private void startOperator() {
    events = new EventRecorder(client, "scheduled-it");
    http = new HttpCall();
    var breakers = new CircuitBreakers(clock, new SimpleMeterRegistry());
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withResourceCloner(new TolerantSpecCloner(client.getKubernetesSerialization()))
        .withUseSSAToPatchPrimaryResource(false).withReconciliationTerminationTimeout(Duration.ofSeconds(5)));
    operator.register(new WorkflowReconciler(events, clock, wake -> new WorkflowServices(client, http,
        new InFlightCalls(), breakers, new ConditionExpression(), null, wake)));
    operator.start();
  }

  private void stopOperator() {
    operator.stop();
    http.close();
    events.close();
  }

  private List<Workflow> runs() {
    return client.resources(Workflow.class).inNamespace(NS).withLabel(ScheduledWorkflows.SCHEDULED_BY_UID_LABEL)
        .list().getItems();
  }

  /** Touches the template so the reconciler looks again at once (its requeue is set in the test clock's time). */
  private void poke(Workflow template) {
    client.resources(Workflow.class).inNamespace(NS).withName(template.getMetadata().getName()).edit(w -> {
      w.getMetadata().getAnnotations().put("test.anvil.dev/poke", Integer.toString(pokes.incrementAndGet()));
      return w;
    });
  }

  private void approve(String run) {
    client.resources(Workflow.class).inNamespace(NS).withName(run).edit(w -> {
      w.getMetadata().getAnnotations().put("approve.anvil.dev/gate", "approved");
      return w;
    });
  }

  private static String tickName(String template, Instant tick) {
    return template + "-" + tick.getEpochSecond();
  }

  @Test
  void createsARunPerTickForbidsOverlapAndStartsOnlyTheLatestMissedTickAfterAnOutage() {
    var gate = new WorkflowNode("gate");
    gate.setApproval(new ApprovalNode());
    var template = workflow(NS, "nightly", gate);
    var schedule = new WorkflowSchedule("*/5 * * * *");
    schedule.setConcurrencyPolicy(WorkflowSchedule.ConcurrencyPolicy.Forbid);
    schedule.setStartingDeadlineSeconds(120L);
    schedule.setSuccessfulRunsHistoryLimit(1);
    template.getSpec().setSchedule(schedule);
    template = client.resource(template).create();
    var firstTick = clock.instant().minusSeconds(30);

    await().atMost(Duration.ofSeconds(20)).until(() -> runs().size() == 1);
    assertThat(runs().get(0).getMetadata().getName()).isEqualTo(tickName("nightly", firstTick));
    assertThat(runs().get(0).getSpec().getSchedule()).isNull();
    await().atMost(Duration.ofSeconds(20)).until(() -> client.resource(runs().get(0)).get().getStatus() != null
        && client.resource(runs().get(0)).get().getStatus().getPhase() == RunPhase.Waiting);

    clock.advance(Duration.ofMinutes(5));
    poke(template);
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runs().size() == 1);

    approve(tickName("nightly", firstTick));
    var secondTick = firstTick.plus(Duration.ofMinutes(5));
    await().atMost(Duration.ofSeconds(20)).until(() -> runs().stream()
        .anyMatch(r -> r.getMetadata().getName().equals(tickName("nightly", secondTick))));

    stopOperator();
    clock.advance(Duration.ofHours(1)); // twelve ticks missed; the latest one is 30 s old, within the 120 s deadline
    startOperator();
    var latestTick = secondTick.plus(Duration.ofHours(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      approve(tickName("nightly", secondTick));
      return runs().stream().anyMatch(r -> r.getMetadata().getName().equals(tickName("nightly", latestTick)));
    });
    var names = runs().stream().map(r -> r.getMetadata().getName()).toList();
    assertThat(names).doesNotContain(tickName("nightly", latestTick.minus(Duration.ofMinutes(5))));
    var status = client.resource(template).get().getStatus();
    assertThat(status.getPhase()).isEqualTo(RunPhase.Scheduled);
    assertThat(status.getSchedule().getLastScheduleTime()).isEqualTo(latestTick.toString());
  }
}
