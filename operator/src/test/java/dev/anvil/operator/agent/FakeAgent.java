package dev.anvil.operator.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.AttemptStarted;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.protocol.bus.ReportEntry;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays an agent and the hub replica holding it, at the Redis level: registry hash and heartbeat index as
 * AgentRegistryWriter writes them, the agent's command stream read back, reports appended as ReportStore stores them.
 */
final class FakeAgent implements AutoCloseable {

  private final RedisCommands<String, byte[]> redis;
  private final String id;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private long reportSeq;

  FakeAgent(RedisCommands<String, byte[]> redis, String id, String datacenter, int capacity) {
    this.redis = redis;
    this.id = id;
    var now = System.currentTimeMillis();
    var fields = new LinkedHashMap<String, byte[]>();
    fields.put("node", ("node-" + id).getBytes(UTF_8));
    fields.put("datacenter", datacenter.getBytes(UTF_8));
    fields.put("labels", ("{\"anvil.dev/datacenter\":\"" + datacenter + "\"}").getBytes(UTF_8));
    fields.put("capacity", ("{\"maxConcurrentAttempts\":" + capacity + ",\"cpuCores\":2,\"memoryBytes\":0}")
        .getBytes(UTF_8));
    fields.put("features", ("[\"" + Features.RUN_ATTEMPT + "\",\"" + Features.CANCEL_ATTEMPT + "\",\"" + Features.BMC
        + "\"]").getBytes(UTF_8));
    fields.put("replica", "hub-0".getBytes(UTF_8));
    fields.put("session", ("session-" + id).getBytes(UTF_8));
    fields.put("lastHeartbeat", Long.toString(now).getBytes(UTF_8));
    redis.hset(BusKeys.agent(id), fields);
    redis.zadd(BusKeys.AGENTS, (double) now, id.getBytes(UTF_8));
    heartbeats.scheduleAtFixedRate(this::heartbeat, 300, 300, TimeUnit.MILLISECONDS);
  }

  String id() {
    return id;
  }

  private void heartbeat() {
    var now = System.currentTimeMillis();
    redis.hset(BusKeys.agent(id), "lastHeartbeat", Long.toString(now).getBytes(UTF_8));
    redis.zadd(BusKeys.AGENTS, (double) now, id.getBytes(UTF_8));
  }

  /** What the agent's heartbeats list as running from now on. */
  void running(String... attemptIds) {
    var json = java.util.Arrays.stream(attemptIds).map(id -> "\"" + id + "\"")
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    redis.hset(BusKeys.agent(id), "running", json.getBytes(UTF_8));
  }

  List<Command> cancelCommands() {
    return commands().stream().filter(Command::hasCancelAttempt).toList();
  }

  /** What the agent's heartbeats list as served BmcHosts (host uid → config_version) from now on. */
  void serving(Map<String, String> hosts) {
    var json = hosts.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
        .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    redis.hset(BusKeys.agent(id), "bmcHosts", json.getBytes(UTF_8));
  }

  /** Stores an observation as the hub does, and notifies the operator. */
  void observed(BmcObservation observation) {
    var fields = new LinkedHashMap<String, byte[]>();
    fields.put("agent", id.getBytes(UTF_8));
    fields.put("observed", Long.toString(System.currentTimeMillis()).getBytes(UTF_8));
    fields.put("payload", observation.toByteArray());
    redis.hset(BusKeys.bmcObservation(observation.getHostUid()), fields);
    notifyBmc(ReportEntry.BMC_OBSERVATION, observation.getHostUid());
  }

  /** Stores an action result as the hub does, and notifies the operator. */
  void actionFinished(BmcActionResult result) {
    redis.hset(BusKeys.bmcActionResults(result.getHostUid()), result.getActionId(), result.toByteArray());
    notifyBmc(ReportEntry.BMC_ACTION_RESULT, result.getHostUid());
  }

  private void notifyBmc(String type, String hostUid) {
    reportSeq++;
    var fields = new LinkedHashMap<String, byte[]>();
    fields.put(ReportEntry.AGENT, id.getBytes(UTF_8));
    fields.put(ReportEntry.SEQ, Long.toString(reportSeq).getBytes(UTF_8));
    fields.put(ReportEntry.TYPE, type.getBytes(UTF_8));
    fields.put(ReportEntry.HOST, hostUid.getBytes(UTF_8));
    redis.xadd(BusKeys.REPORTS, fields);
  }

  /** The agent's process dies: heartbeats stop, its registry entries stay until they age out. */
  void vanish() {
    heartbeats.shutdownNow();
  }

  /** Every command on the agent's command stream, in order. */
  List<Command> commands() {
    return redis.xrange(BusKeys.commands(id), Range.create("-", "+")).stream()
        .map(m -> CommandEntry.decode(m.getBody().get(CommandEntry.PAYLOAD))).toList();
  }

  List<Command> runCommands() {
    return commands().stream().filter(Command::hasRunAttempt).toList();
  }

  void started(String attemptId) {
    report(ReportEntry.ATTEMPT_STARTED, attemptId, Report.newBuilder().setAttemptStarted(
        AttemptStarted.newBuilder().setAttemptId(attemptId).setPid(4242).setStartedTime(now())));
  }

  void finished(String attemptId, AttemptFinished.Reason reason, int exitCode, Map<String, String> results) {
    report(ReportEntry.ATTEMPT_FINISHED, attemptId, Report.newBuilder().setAttemptFinished(
        AttemptFinished.newBuilder().setAttemptId(attemptId).setReason(reason).setExitCode(exitCode)
            .putAllResults(results).setFinishedTime(now())));
  }

  /** Appends exactly what store-report.lua appends to anvil:reports for a stored report. */
  private void report(String type, String attemptId, Report.Builder report) {
    reportSeq++;
    var fields = new LinkedHashMap<String, byte[]>();
    fields.put(ReportEntry.AGENT, id.getBytes(UTF_8));
    fields.put(ReportEntry.SEQ, Long.toString(reportSeq).getBytes(UTF_8));
    fields.put(ReportEntry.TYPE, type.getBytes(UTF_8));
    fields.put(ReportEntry.ATTEMPT, attemptId.getBytes(UTF_8));
    fields.put(ReportEntry.PAYLOAD, report.setReportSeq(reportSeq).build().toByteArray());
    redis.xadd(BusKeys.REPORTS, fields);
  }

  private static Timestamp now() {
    var millis = System.currentTimeMillis();
    return Timestamp.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build();
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
