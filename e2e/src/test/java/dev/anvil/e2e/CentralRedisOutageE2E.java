package dev.anvil.e2e;

import static dev.anvil.e2e.ChainPlatform.agentJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.anvil.agent.Agent;
import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.apiserver.logs.AttemptLogReader;
import dev.anvil.apiserver.logs.LogQuery;
import dev.anvil.apiserver.logs.LogsProperties;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobPhase;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.status.Conditions;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.bus.AgentRegistry;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.protocol.bus.LiveAgent;
import dev.anvil.testing.RedisProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The central Redis down for longer than every timeout of the chain (Redis commands, command sends, the hub's
 * command poller and report stores, registry heartbeats and the operator's heartbeat timeout) while agent Jobs run
 * and more are created: back with its append-only file, nothing is lost and nothing runs twice; back empty, nothing
 * spins and the Jobs still finish.
 */
@Timeout(90)
class CentralRedisOutageE2E {

  /** Every Redis command of the hub and the operator gives up after this long. */
  private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
  /** Agents heartbeat every 400 ms; the registry entry expires after 1.2 s. */
  private static final Duration HEARTBEAT = Duration.ofMillis(400);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  /** Longer than all of the above together. */
  private static final Duration OUTAGE = Duration.ofSeconds(8);
  private static final String DATACENTER = "dc-outage";

  private static ChainPlatform platform;
  private static List<Agent> agents;
  private static AttemptLogReader logs;
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @TempDir
  Path temp;

  @BeforeAll
  static void startPlatform() throws IOException {
    var central = RedisProcess.builder().fsyncAlways().start();
    platform = new ChainPlatform(central, CentralRedisClient.create(central.uri(), REDIS_TIMEOUT),
        HubProperties.defaults().withHeartbeat(HEARTBEAT, Duration.ofMillis(200))
            .withCommandBlock(Duration.ofMillis(200)).withRedisRetry(Duration.ofMillis(200))
            .withReplicaId("hub-outage"));
    var root = Files.createTempDirectory("anvil-outage-agents-");
    agents = List.of(platform.connectedAgent("agent-outage-1", DATACENTER, 4, root),
        platform.connectedAgent("agent-outage-2", DATACENTER, 4, root));
    logs = new AttemptLogReader(platform.bytes.sync(), new LogsProperties(1000, Duration.ofMillis(200),
        Duration.ofMinutes(1), 4));
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @BeforeEach
  void captureWarnings() {
    captured.start();
    rootLogger().addAppender(captured);
  }

  @AfterEach
  void stopCapturing() {
    rootLogger().detachAppender(captured);
  }

  @Test
  void anOutageLongerThanEveryTimeoutLosesNothingAndRunsNothingTwice() throws Exception {
    var gates = new GatedScripts(temp);
    try (var operator = platform.operator(operatorConfig())) {
      var running = List.of("ends-in-outage-1", "ends-in-outage-2", "outlives-outage-1", "outlives-outage-2");
      for (var name : running) {
        platform.create(agentJob(name, DATACENTER, gates.script(name, name.startsWith("ends") ? "early" : "late")));
      }
      for (var name : running) {
        awaitLines(platform.awaitPhase(name, JobPhase.Running, Duration.ofSeconds(20)), 3);
      }

      var down = System.nanoTime();
      var warningsBefore = captured.list.size();
      platform.central.kill();
      var created = List.of("created-in-outage-1", "created-in-outage-2", "created-in-outage-3");
      for (var name : created) {
        platform.create(agentJob(name, DATACENTER, gates.script(name, null)));
      }
      // the Jobs created now wait, saying why; the running ones are not given up for lost
      var waiting = platform.awaitPhase(created.get(0), JobPhase.Pending, OUTAGE);
      assertThat(Conditions.find(waiting.getStatus().getConditions(), JobStatus.RUNNING).getReason())
          .isEqualTo("AgentBusUnavailable");
      gates.open("early"); // two processes end while Redis is away: their outcome waits in the agents' spools
      holdsUntil(down, OUTAGE, () -> allRunning(running));

      platform.central.restart();
      var back = System.nanoTime();
      System.out.printf("outage E2E: central Redis down for %.1f s%n", (back - down) / 1e9);
      awaitWholeRegistry();
      // longer than the heartbeat timeout after the outage: the agents' silence during it cost no attempt
      holdsUntil(back, HEARTBEAT_TIMEOUT.plusSeconds(1),
          () -> allRunning(running.stream().filter(name -> name.startsWith("outlives")).toList()));
      gates.open("late");
      var all = Stream.concat(running.stream(), created.stream()).toList();
      for (var name : all) {
        platform.awaitPhase(name, JobPhase.Succeeded, Duration.ofSeconds(30));
      }
      System.out.printf("outage E2E: every Job Succeeded %.1f s after the central Redis was back%n",
          (System.nanoTime() - back) / 1e9);

      for (var name : all) {
        var lines = succeededOnce(name, gates);
        var last = lines.size() - 1;
        assertThat(lines).as("the whole log of %s, in order, once", name).containsExactlyElementsOf(
            numbered(1, last));
      }
      assertOneWarningPerComponent(warningsBefore);
    }
  }

  @Test
  void aCentralRedisBackEmptyNeitherSpinsNorLosesTheRunningJobs() throws Exception {
    var gates = new GatedScripts(temp);
    try (var operator = platform.operator(operatorConfig())) {
      var running = List.of("outlives-data-loss-1", "outlives-data-loss-2");
      for (var name : running) {
        platform.create(agentJob(name, DATACENTER, gates.script(name, "late")));
      }
      for (var name : running) {
        awaitLines(platform.awaitPhase(name, JobPhase.Running, Duration.ofSeconds(20)), 3);
      }
      var welcomesBefore = welcomes();

      var down = System.nanoTime();
      var warningsBefore = captured.list.size();
      platform.central.kill();
      forgetEverything(platform.central);
      platform.create(agentJob("created-in-data-loss", DATACENTER, gates.script("created-in-data-loss", null)));
      holdsUntil(down, OUTAGE, () -> allRunning(running));
      var redisLog = platform.central.dir().resolve("redis.log");
      var logged = Files.readString(redisLog).length();
      platform.central.restart();
      var back = System.nanoTime();
      assertThat(Files.readString(redisLog).substring(logged)).as("Redis started empty")
          .contains("Creating AOF base file").doesNotContain("DB loaded from append only file");
      awaitWholeRegistry();
      gates.open("late");
      var all = List.of(running.get(0), running.get(1), "created-in-data-loss");
      for (var name : all) {
        platform.awaitPhase(name, JobPhase.Succeeded, Duration.ofSeconds(30));
      }
      System.out.printf("outage E2E: every Job Succeeded %.1f s after the central Redis was back empty%n",
          (System.nanoTime() - back) / 1e9);

      for (var name : all) {
        var lines = succeededOnce(name, gates);
        // what Redis had stored (and the agent's spool had let go of) is gone; what follows is whole
        var first = Integer.parseInt(lines.get(0).substring("line ".length()));
        assertThat(lines).as("the log of %s from where it was lost, in order, once", name)
            .containsExactlyElementsOf(numbered(first, lines.size() - 1 + first - 1));
      }
      assertThat(log(platform.get("created-in-data-loss"))).containsExactlyElementsOf(numbered(1, 40));
      assertThat(welcomes() - welcomesBefore).as("each agent welcomed once more: no reconnect loop")
          .isLessThanOrEqualTo(2 * agents.size());
      assertOneWarningPerComponent(warningsBefore);
    }
  }

  private static OperatorConfig operatorConfig() {
    return OperatorConfig.local().withAgentBus(platform.central.uri(), HEARTBEAT_TIMEOUT).withRedisTimeout(
        REDIS_TIMEOUT);
  }

  /** Waits until every agent is listed live again with what placement needs (its features), as the operator reads it. */
  private static void awaitWholeRegistry() {
    var registry = new AgentRegistry(platform.strings, Clock.systemUTC());
    await().atMost(HEARTBEAT_TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(registry.live(HEARTBEAT_TIMEOUT)).extracting(LiveAgent::agentId, a -> a.features().contains(
            Features.RUN_ATTEMPT)).containsExactlyInAnyOrder(tuple("agent-outage-1", true), tuple("agent-outage-2",
            true)));
  }

  private static int welcomes() {
    return agents.stream().mapToInt(a -> a.hub().welcomes()).sum();
  }

  /** Deletes the append-only file of a stopped Redis: it starts empty, as one without persistence would. */
  private static void forgetEverything(RedisProcess redis) throws IOException {
    try (var files = Files.walk(redis.dir())) {
      files.filter(f -> f.getFileName().toString().startsWith("appendonly")).sorted(Comparator.reverseOrder())
          .forEach(f -> f.toFile().delete());
    }
  }

  /** Waits until the Job's running attempt has stored at least {@code count} lines. */
  private static void awaitLines(Job job, int count) {
    var attempt = new AttemptId(job.getMetadata().getUid(), 1);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
        .until(() -> platform.strings.sync().xlen(BusKeys.log(attempt)) >= count);
  }

  /** The Job's first attempt's log as the log route serves it, once it is complete. */
  private static List<String> log(Job job) throws IOException {
    var attempt = new AttemptId(job.getMetadata().getUid(), 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> platform.strings.sync().get(BusKeys.logDone(attempt)) != null);
    var out = new ByteArrayOutputStream();
    logs.write(attempt, new LogQuery(false, 1, null, false), out);
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** {@code line from} … {@code line to}, then {@code last to}: what a gated script prints. */
  private static List<String> numbered(int from, int to) {
    var lines = new ArrayList<>(IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).toList());
    lines.add("last " + to);
    return lines;
  }

  /** No part of the platform repeats its warning while Redis is away: at most one per agent, hub and operator part. */
  private void assertOneWarningPerComponent(int from) {
    Map<String, Long> byLogger = captured.list.subList(from, captured.list.size()).stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getLoggerName().startsWith("dev.anvil"))
        .collect(Collectors.groupingBy(ILoggingEvent::getLoggerName, Collectors.counting()));
    System.out.println("outage E2E: warnings by logger " + byLogger);
    assertThat(byLogger).allSatisfy((logger, count) -> assertThat(count).as(logger).isLessThanOrEqualTo(2));
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /**
   * Checks {@code holds} for the rest of a fixed interval from {@code startNanos}: the outage's length is what the
   * test is about, so there is no event to wait for, only a state that must last.
   */
  private static void holdsUntil(long startNanos, Duration interval, Callable<Boolean> holds) {
    var left = Duration.ofNanos(Math.max(Duration.ofMillis(1).toNanos(),
        startNanos + interval.toNanos() - System.nanoTime()));
    await().during(left).atMost(left.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(holds);
  }

  /** Asserts the Job succeeded with one attempt that ran once and reported its results; returns its stored log. */
  private static List<String> succeededOnce(String name, GatedScripts gates) throws IOException {
    var job = platform.get(name);
    assertThat(job.getStatus().getAttempts()).as(name).singleElement()
        .satisfies(a -> assertThat(a.getExitCode()).isZero());
    assertThat(job.getStatus().getResults()).as(name).containsEntry("verdict", "pass");
    assertThat(gates.starts(name)).as("%s ran once", name).hasSize(1);
    return log(job);
  }

  private static boolean allRunning(List<String> names) {
    return names.stream().allMatch(name -> platform.get(name).getStatus().getPhase() == JobPhase.Running);
  }
}
