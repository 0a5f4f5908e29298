package dev.anvil.apiserver.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Timestamp;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.LuaScript;
import dev.anvil.protocol.bus.ReportEntry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Stores BmcObservation and BmcActionResult reports under the same exactly-once (agent, report_seq) gate as the
 * other reports: the state goes into the host's keys ({@link BusKeys#bmcObservation}, newer observations only;
 * {@link BusKeys#bmcActionResults}) and {@code anvil:reports} gets an entry naming the host.
 */
final class BmcReportStore {

  /**
   * How long a host's keys (observation, action results, history) live after the last write: a deleted host's keys
   * go away by themselves.
   */
  static final Duration ACTION_RESULTS_TTL = Duration.ofDays(7);

  private static final LuaScript SCRIPT = LuaScript.resource("/dev/anvil/apiserver/hub/store-bmc-report.lua");
  private static final byte[] TTL = ReportStore.bytes(ACTION_RESULTS_TTL.toSeconds());

  private final RedisAsyncCommands<String, byte[]> redis;

  BmcReportStore(RedisAsyncCommands<String, byte[]> redis) {
    this.redis = redis;
  }

  /** Whether {@code report} is a BMC report, stored here rather than by the attempt script. */
  static boolean handles(Report report) {
    return report.hasBmcObservation() || report.hasBmcActionResult();
  }

  /**
   * Stores a BMC report unless it is stored already; the outcomes are {@link ReportStore#store}'s.
   *
   * @throws IllegalArgumentException when the report names no host
   */
  CompletionStage<ReportStore.Outcome> store(String agentId, String sessionValue, long previousSeq, Report report) {
    var host = report.hasBmcObservation() ? report.getBmcObservation().getHostUid()
        : report.getBmcActionResult().getHostUid();
    if (host.isEmpty()) {
      throw new IllegalArgumentException("a " + report.getBodyCase() + " without host_uid");
    }
    var gate = new String[] {BusKeys.reportSeq(agentId), BusKeys.session(agentId)};
    CompletionStage<Long> stored;
    if (report.hasBmcObservation()) {
      stored = observation(gate, agentId, report.getReportSeq(), previousSeq, sessionValue,
          report.getBmcObservation());
    } else {
      var result = report.getBmcActionResult();
      stored = run(gate, BusKeys.bmcActionResults(result.getHostUid()), agentId, report.getReportSeq(), previousSeq,
          sessionValue, ReportEntry.BMC_ACTION_RESULT, result.getHostUid(), result, result.getActionId(), "");
    }
    return stored.thenApply(ReportStore::outcome);
  }

  /**
   * Stores an observation the hub made itself (e.g. {@code CREDENTIALS_UNAVAILABLE}) for the agent the host is
   * assigned to; the {@code anvil:reports} entry's seq is the command_seq of the command it stands for.
   */
  CompletionStage<Long> storeOwn(String agentId, long commandSeq, BmcObservation observation) {
    return observation(new String[] {"", ""}, agentId, commandSeq, 0, "", observation);
  }

  private CompletionStage<Long> observation(String[] gate, String agentId, long seq, long previousSeq,
      String sessionValue, BmcObservation observation) {
    return run(gate, BusKeys.bmcObservation(observation.getHostUid()), agentId, seq, previousSeq, sessionValue,
        ReportEntry.BMC_OBSERVATION, observation.getHostUid(), observation, Long.toString(millis(
            observation.getObservedTime())), BmcHistoryEntry.of(observation, millis(observation.getObservedTime())));
  }

  private CompletionStage<Long> run(String[] gate, String stateKey, String agentId, long seq, long previousSeq,
      String sessionValue, String type, String hostUid, MessageLite payload, String observedOrActionId,
      String history) {
    var keys = new String[] {gate[0], gate[1], BusKeys.REPORTS, stateKey, BusKeys.bmcHistory(hostUid)};
    return SCRIPT.run(redis, ScriptOutputType.INTEGER, keys, ReportStore.bytes(seq), ReportStore.bytes(previousSeq),
        sessionValue.getBytes(UTF_8), agentId.getBytes(UTF_8), type.getBytes(UTF_8), hostUid.getBytes(UTF_8),
        payload.toByteArray(), observedOrActionId.getBytes(UTF_8), TTL, history.getBytes(UTF_8),
        ReportStore.bytes(BusKeys.BMC_HISTORY_LENGTH));
  }

  private static long millis(Timestamp time) {
    return time.getSeconds() * 1000 + time.getNanos() / 1_000_000;
  }
}
