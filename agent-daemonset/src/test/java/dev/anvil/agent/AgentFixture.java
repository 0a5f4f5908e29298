package dev.anvil.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.agent.bmc.BmcClientFactory;
import dev.anvil.agent.config.AgentConfig;
import dev.anvil.agent.hub.ReconnectPolicy;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.Argv;
import dev.anvil.protocol.agent.v1.CancelAttempt;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.RunAttempt;
import dev.anvil.protocol.bus.AgentCommands;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import dev.anvil.testing.RedisProcess;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A central hub, the agent's own local Redis, and helpers to start agents and drive them through the bus. */
final class AgentFixture implements AutoCloseable {

  static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
      Duration.ofMinutes(1), Duration.ofSeconds(10));

  final CentralHub central = new CentralHub();
  final RedisProcess local = RedisProcess.start();

  AgentConfig config(String agentId, String token, Path workDir) {
    var env = new HashMap<String, String>();
    env.put("ANVIL_AGENT_ID", agentId);
    env.put("ANVIL_NODE_NAME", "node-" + agentId);
    env.put("ANVIL_DATACENTER", "dc-a");
    env.put("ANVIL_AGENT_LABELS", "rack=r7,disk=nvme");
    env.put("ANVIL_HUB_ADDRESS", "127.0.0.1:" + central.port());
    env.put("ANVIL_HUB_PLAINTEXT", "true");
    env.put("ANVIL_AGENT_TOKEN", token);
    env.put("ANVIL_LOCAL_REDIS", local.uri());
    env.put("ANVIL_MAX_ATTEMPTS", "2");
    env.put("ANVIL_WORK_DIR", workDir.toString());
    return AgentConfig.fromEnv(env);
  }

  Agent connected(String agentId, Path workDir) {
    return connected(Agent.start(config(agentId, CentralHub.TOKEN, workDir), FAST));
  }

  /** An agent whose BMC clients come from {@code bmcClients}, once the hub welcomed it. */
  Agent connected(String agentId, Path workDir, BmcClientFactory bmcClients) {
    return connected(Agent.start(config(agentId, CentralHub.TOKEN, workDir), FAST, bmcClients));
  }

  private static Agent connected(Agent agent) {
    await().atMost(Duration.ofSeconds(15)).until(() -> agent.hub().isConnected());
    return agent;
  }

  static AttemptId newAttempt() {
    return new AttemptId(UUID.randomUUID().toString(), 1);
  }

  long run(String agentId, AttemptId attempt, RunAttempt.Builder program) throws Exception {
    var command = Command.newBuilder().setRunAttempt(program.setJobNamespace("lab").setJobName("burn-in")
        .setJobUid(attempt.jobUid()).setAttempt(attempt.attempt()).setAttemptId(attempt.toString()));
    return new AgentCommands(central.bytes.async()).send(agentId, command).toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  long runCommand(String agentId, AttemptId attempt, String... argv) throws Exception {
    return run(agentId, attempt, RunAttempt.newBuilder().setCommand(Argv.newBuilder().addAllArgs(List.of(argv))));
  }

  long runScript(String agentId, AttemptId attempt, String script) throws Exception {
    return run(agentId, attempt, RunAttempt.newBuilder().setScript(script));
  }

  void cancel(String agentId, AttemptId attempt) throws Exception {
    new AgentCommands(central.bytes.async()).send(agentId, Command.newBuilder().setCancelAttempt(
        CancelAttempt.newBuilder().setAttemptId(attempt.toString()).setReason("JobDeleted")))
        .toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** The attempt's AttemptFinished as stored on {@code anvil:reports}, if it is there. */
  Optional<Report> finished(AttemptId attempt) {
    for (var entry : central.bytes.sync().xrange(BusKeys.REPORTS, Range.create("-", "+"))) {
      var body = entry.getBody();
      if (ReportEntry.ATTEMPT_FINISHED.equals(text(body.get(ReportEntry.TYPE)))
          && attempt.toString().equals(text(body.get(ReportEntry.ATTEMPT)))) {
        try {
          return Optional.of(Report.parseFrom(body.get(ReportEntry.PAYLOAD)));
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError(e);
        }
      }
    }
    return Optional.empty();
  }

  /** One stored log line. */
  record StoredLine(long seq, String text) {
  }

  /** Every line of the attempt's stored log, in stream order. */
  List<StoredLine> storedLines(AttemptId attempt) {
    return central.strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
        .map(m -> new StoredLine(Long.parseLong(m.getId().substring(0, m.getId().indexOf('-'))),
            m.getBody().get("text")))
        .toList();
  }

  String doneMarker(AttemptId attempt) {
    return central.strings.sync().get(BusKeys.logDone(attempt));
  }

  /** Asserts that no key of the central Redis nor of the agent's local one holds {@code value}. */
  void assertNoRedisHolds(String value) {
    assertNoKeyHolds(central.bytes.sync(), value);
    try (var client = RedisClient.create(local.uri());
        var connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      assertNoKeyHolds(connection.sync(), value);
    }
  }

  private static void assertNoKeyHolds(RedisCommands<String, byte[]> redis, String value) {
    // DUMP writes values as they are only without LZF compression
    redis.configSet("rdbcompression", "no");
    for (var key : redis.keys("*")) {
      var dump = redis.dump(key);
      assertThat(dump == null ? "" : new String(dump, StandardCharsets.ISO_8859_1)).as(key).doesNotContain(value);
    }
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    local.close();
    central.close();
  }
}
