package dev.anvil.operator.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.AttemptStarted;
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
    fields.put("features", ("[\"" + Features.RUN_ATTEMPT + "\",\"" + Features.CANCEL_ATTEMPT + "\"]").getBytes(UTF_8));
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

  /** Sets what the registry says the agent runs; a real agent's heartbeat says it every 5s, so it lags its attempts. */
  void listRunning(String... attemptIds) {
    var json = new StringBuilder("[");
    for (var attemptId : attemptIds) {
      json.append(json.length() > 1 ? "," : "").append('"').append(attemptId).append('"');
    }
    redis.hset(BusKeys.agent(id), "running", json.append(']').toString().getBytes(UTF_8));
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
