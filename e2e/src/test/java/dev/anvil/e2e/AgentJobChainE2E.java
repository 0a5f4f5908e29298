package dev.anvil.e2e;

import static dev.anvil.e2e.ChainPlatform.agentJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.testing.RedisProcess;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent Job through every real part on loopback: operator → central Redis → hub (gRPC) → agent process runner
 * with its local Redis spool → hub → central Redis → operator → Job status.
 */
@Timeout(60)
class AgentJobChainE2E {

  private static ChainPlatform platform;

  @TempDir
  Path temp;

  @BeforeAll
  static void startPlatform() {
    // the persistence the central Redis needs to survive a restart with nothing lost (apiserver/README.md)
    var central = RedisProcess.builder().fsyncAlways().start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-e2e"));
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void anAgentJobRunsOnTheAgentAndItsWholeLogAndResultsReachTheCluster() throws Exception {
    var agent = connectedAgent("agent-e2e-1");
    try (var operator = operator()) {
      var started = System.nanoTime();
      platform.create(agentJob("two-thousand-lines", datacenterOf(agent),
          "for i in $(seq 1 2000); do echo line $i; done; echo pass > \"$ANVIL_RESULTS/verdict\""));

      var done = platform.awaitPhase("two-thousand-lines", JobPhase.Succeeded, Duration.ofSeconds(30));
      System.out.printf("agent Job chain: created to Succeeded in %.2f s%n", (System.nanoTime() - started) / 1e9);
      assertThat(done.getStatus().getResults()).containsEntry("verdict", "pass");
      assertThat(done.getStatus().getAttempts()).singleElement().satisfies(a -> {
        assertThat(a.getNumber()).isEqualTo(1);
        assertThat(a.getAgent()).isEqualTo(agent);
        assertThat(a.getExitCode()).isZero();
      });

      var attempt = new AttemptId(done.getMetadata().getUid(), 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> platform.strings.sync().get(BusKeys.logDone(attempt)) != null);
      var lines = platform.strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
          .map(m -> m.getBody().get("text")).toList();
      assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 2000).mapToObj(i -> "line " + i).toList());
    }
  }

  @Test
  void anOperatorReplacedMidAttemptLetsTheJobFinishWithTheProcessRunOnce() throws Exception {
    var agent = connectedAgent("agent-e2e-2");
    var runs = temp.resolve("runs");
    var first = operator();
    try {
      platform.create(agentJob("outlives-operator", datacenterOf(agent),
          "echo run >> '" + runs + "'; echo before; sleep 2; echo after"));
      // closed as soon as the command is on the bus: the agent's reports of the attempt meet no operator
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
          .until(() -> platform.strings.sync().get(BusKeys.commandSeq(agent)) != null);
    } finally {
      first.close();
    }
    var uid = platform.get("outlives-operator").getMetadata().getUid();
    assertThat(platform.strings.sync().xrange(BusKeys.log(new AttemptId(uid, 1)), Range.create("-", "+")))
        .as("the process is still in its sleep when the new operator starts")
        .extracting(m -> m.getBody().get("text")).doesNotContain("after");

    var swapped = System.nanoTime();
    try (var second = operator()) {
      var done = platform.awaitPhase("outlives-operator", JobPhase.Succeeded, Duration.ofSeconds(30));
      System.out.printf("agent Job chain: new operator to Succeeded in %.2f s%n", (System.nanoTime() - swapped) / 1e9);
      assertThat(done.getStatus().getAttempts()).singleElement()
          .satisfies(a -> assertThat(a.getAgent()).isEqualTo(agent));
      var attempt = new AttemptId(done.getMetadata().getUid(), 1);
      // the hub trims executed commands from the stream, so the counter that numbers them says how many were sent
      assertThat(platform.strings.sync().get(BusKeys.commandSeq(agent))).isEqualTo("1");
      assertThat(platform.bytes.sync().xrange(BusKeys.commands(agent), Range.create("-", "+")))
          .allSatisfy(e -> assertThat(CommandEntry.decode(e.getBody().get(CommandEntry.PAYLOAD)).getRunAttempt()
              .getAttemptId()).isEqualTo(attempt.toString()));
      assertThat(Files.readAllLines(runs)).containsExactly("run");
      await().atMost(Duration.ofSeconds(10)).until(() -> platform.strings.sync().get(BusKeys.logDone(attempt)) != null);
      assertThat(platform.strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")))
          .extracting(m -> m.getBody().get("text")).containsExactly("before", "after");
    }
  }

  @Test
  void theCentralRedisRestartedMidAttemptLosesNothingAndTheJobFinishes() throws Exception {
    var agent = connectedAgent("agent-e2e-3");
    try (var operator = operator()) {
      platform.create(agentJob("outlives-redis", datacenterOf(agent),
          "for i in $(seq 1 1500); do echo line $i; done; sleep 2; for i in $(seq 1501 3000); do echo line $i; done"));
      var uid = platform.awaitUid("outlives-redis");
      var attempt = new AttemptId(uid, 1);
      // the first half is stored: the process is in its sleep
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
          .until(() -> platform.strings.sync().xlen(BusKeys.log(attempt)) >= 1500);

      var restarted = System.nanoTime();
      platform.central.kill();
      platform.central.restart();
      assertThat(Files.readString(platform.central.dir().resolve("redis.log"))).as("a new Redis read the append-only file")
          .contains("DB loaded from append only file");
      var kept = platform.strings.sync().xlen(BusKeys.log(attempt));
      System.out.printf("agent Job chain: %d log lines stored when the central Redis was back%n", kept);
      assertThat(kept).as("the append-only file kept every stored line").isGreaterThanOrEqualTo(1500);

      var done = platform.awaitPhase("outlives-redis", JobPhase.Succeeded, Duration.ofSeconds(30));
      System.out.printf("agent Job chain: central Redis restart to Succeeded in %.2f s%n",
          (System.nanoTime() - restarted) / 1e9);
      assertThat(done.getStatus().getAttempts()).singleElement().satisfies(a -> {
        assertThat(a.getNumber()).isEqualTo(1);
        assertThat(a.getAgent()).isEqualTo(agent);
        assertThat(a.getExitCode()).isZero();
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> platform.strings.sync().get(BusKeys.logDone(attempt)) != null);
      var lines = platform.strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
          .map(m -> m.getBody().get("text")).toList();
      assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, 3000).mapToObj(i -> "line " + i).toList());
    }
  }

  private AnvilOperator operator() {
    return platform.operator(OperatorConfig.local().withAgentBus(platform.central.uri(), Duration.ofSeconds(2)));
  }

  /** Each agent has a datacenter of its own, so a Job's selector picks exactly one agent. */
  private String connectedAgent(String agentId) throws IOException {
    platform.connectedAgent(agentId, datacenterOf(agentId), 2, temp);
    return agentId;
  }

  private static String datacenterOf(String agentId) {
    return "dc-" + agentId;
  }
}
