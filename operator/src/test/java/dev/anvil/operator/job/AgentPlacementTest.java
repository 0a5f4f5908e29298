package dev.anvil.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.AgentTask;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.bus.LiveAgent;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which agent an attempt goes to, and what the Job says when none fits. */
class AgentPlacementTest {

  static LiveAgent agent(String id, String node, String dc, Map<String, String> labels, int capacity,
      List<String> running) {
    var fields = Map.of("capacity", "{\"maxConcurrentAttempts\":" + capacity + ",\"cpuCores\":2}",
        "running", running.stream().map(r -> "\"" + r + "\"").reduce((a, b) -> a + "," + b)
            .map(s -> "[" + s + "]").orElse("[]"));
    return new LiveAgent(id, node, dc, labels, List.of(Features.RUN_ATTEMPT, Features.CANCEL_ATTEMPT), "r1", "s1",
        Instant.EPOCH, fields);
  }

  private static AgentTask task() {
    var task = new AgentTask();
    task.setScript("true");
    return task;
  }

  @Test
  void theLeastLoadedEligibleAgentWinsAndTiesGoToTheSmallestId() {
    var live = List.of(agent("c", "n3", "dc-a", Map.of(), 4, List.of("x/1")), agent("b", "n2", "dc-a", Map.of(), 4,
        List.of()), agent("a", "n1", "dc-a", Map.of(), 4, List.of()));
    assertThat(AgentPlacement.choose(task(), live, Map.of(), Set.of()).agentId()).isEqualTo("a");
    // an attempt a status assigned to "a" counts before a's heartbeat lists it
    assertThat(AgentPlacement.choose(task(), live, Map.of("a", Set.of("y/1")), Set.of()).agentId()).isEqualTo("b");
  }

  @Test
  void anAgentAtCapacityIsSkippedCountingHeartbeatAndAssignedAttemptsOnce() {
    var live = List.of(agent("a", "n1", "dc-a", Map.of(), 2, List.of("x/1")), agent("b", "n2", "dc-a", Map.of(), 1,
        List.of("y/1")));
    assertThat(AgentPlacement.choose(task(), live, Map.of("a", Set.of("x/1")), Set.of()).agentId()).isEqualTo("a");
    var full = AgentPlacement.choose(task(), live, Map.of("a", Set.of("x/1", "z/1")), Set.of());
    assertThat(full.agentId()).isNull();
    assertThat(full.whyNone()).isEqualTo("2 live agent(s), none eligible: 2 at capacity");
  }

  @Test
  void anAttemptTheHeartbeatListsButStatusesRecordAsEndedByTheAgentFreesItsSlot() {
    var live = List.of(agent("a", "n1", "dc-a", Map.of(), 1, List.of("x/1")));
    assertThat(AgentPlacement.choose(task(), live, Map.of(), Set.of()).agentId()).isNull();
    assertThat(AgentPlacement.choose(task(), live, Map.of(), Set.of("x/1")).agentId()).isEqualTo("a");
    // ended and assigned again (a retry with the same id never happens, but assigned wins)
    assertThat(AgentPlacement.choose(task(), live, Map.of("a", Set.of("x/1")), Set.of("x/1")).agentId()).isNull();
  }

  @Test
  void datacenterAndNodeMustMatchAndTheMessageSaysWhatDidNot() {
    var live = List.of(agent("a", "n1", "dc-a", Map.of(), 4, List.of()), agent("b", "n2", "dc-a", Map.of(), 4,
        List.of()), agent("c", "n3", "dc-a", Map.of(), 4, List.of()));
    var task = task();
    task.setDatacenter("dc-b");
    var none = AgentPlacement.choose(task, live, Map.of(), Set.of());
    assertThat(none.agentId()).isNull();
    assertThat(none.whyNone()).isEqualTo("3 live agent(s), none eligible: 3 not in datacenter dc-b");
    task.setDatacenter("dc-a");
    task.setNodeName("n2");
    assertThat(AgentPlacement.choose(task, live, Map.of(), Set.of()).agentId()).isEqualTo("b");
  }

  @Test
  void selectorsMatchLabelsAndExpressions() {
    var gpu = agent("gpu", "n1", "dc-a", Map.of("anvil.dev/datacenter", "dc-a", "gpu", "a100"), 4, List.of());
    var plain = agent("plain", "n2", "dc-a", Map.of("anvil.dev/datacenter", "dc-a", "tier", "batch"), 4, List.of());
    var task = task();
    task.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("anvil.dev/datacenter", "dc-a"))
        .addNewMatchExpression().withKey("gpu").withOperator("Exists").endMatchExpression().build());
    assertThat(AgentPlacement.choose(task, List.of(gpu, plain), Map.of(), Set.of()).agentId()).isEqualTo("gpu");
    task.setSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("gpu").withOperator("DoesNotExist")
        .endMatchExpression().addNewMatchExpression().withKey("tier").withOperator("In").withValues("batch", "web")
        .endMatchExpression().build());
    assertThat(AgentPlacement.choose(task, List.of(gpu, plain), Map.of(), Set.of()).agentId()).isEqualTo("plain");
    task.setSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("gpu").withOperator("NotIn")
        .withValues("a100").endMatchExpression().build());
    assertThat(AgentPlacement.choose(task, List.of(gpu), Map.of(), Set.of()).whyNone())
        .isEqualTo("1 live agent(s), none eligible: 1 not matching spec.agent.selector");
  }

  @Test
  void anAgentWithoutRunAttemptAndNoAgentAtAllAreExplained() {
    var old = new LiveAgent("old", "n1", "dc-a", Map.of(), List.of(), "r1", "s1", Instant.EPOCH, Map.of());
    assertThat(AgentPlacement.choose(task(), List.of(old), Map.of(), Set.of()).whyNone())
        .contains("1 without the run-attempt feature");
    assertThat(AgentPlacement.choose(task(), List.of(), Map.of(), Set.of()).whyNone()).startsWith("no live agent");
  }
}
