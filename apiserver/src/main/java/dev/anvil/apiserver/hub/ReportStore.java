package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.LuaScript;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.LogLine;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.ArrayList;
import java.util.concurrent.CompletionStage;

/**
 * Stores agent reports in the central Redis exactly once and in order: one atomic script per report appends its
 * log lines to the attempt's log stream and the report to {@code anvil:reports}, and moves the agent's stored
 * report_seq — or does nothing when the report is already stored. Durable as far as Redis persistence is: with
 * {@code appendonly yes} and {@code appendfsync always} nothing acknowledged is lost; with {@code everysec} (the
 * usual choice) a Redis crash can lose the last second, which the agent then replays because its spool keeps
 * what the new Redis does not have (Welcome says where to resume).
 */
public final class ReportStore {

  /** What became of a report. */
  public enum Outcome { STORED, DUPLICATE, GAP, SUPERSEDED }

  private static final LuaScript SCRIPT = LuaScript.resource("/dev/anvil/apiserver/hub/store-report.lua");

  private final RedisAsyncCommands<String, byte[]> redis;
  private final BmcReportStore bmc;
  private final byte[] maxLines;
  private final byte[] retentionSeconds;

  public ReportStore(RedisAsyncCommands<String, byte[]> redis, HubProperties properties) {
    this.redis = redis;
    this.bmc = new BmcReportStore(redis);
    this.maxLines = bytes(properties.logMaxLines());
    this.retentionSeconds = bytes(Math.max(1, properties.logRetention().toSeconds()));
  }

  /**
   * Stores {@code report} unless it is stored already. {@code previousSeq} is the report_seq the stream sent before
   * it (or the Welcome position): if that one is not stored, storing this one would leave a hole, so nothing is
   * stored and the outcome is {@link Outcome#GAP}. Commands issued one after another are pipelined by Lettuce,
   * so a burst of reports costs one round trip, and Redis runs them in the order they were issued.
   *
   * @throws IllegalArgumentException when the report names a malformed attempt id or no BmcHost uid
   */
  public CompletionStage<Outcome> store(String agentId, String sessionValue, long previousSeq, Report report) {
    if (BmcReportStore.handles(report)) {
      return bmc.store(agentId, sessionValue, previousSeq, report);
    }
    var attemptId = "";
    var type = "unknown";
    var logKey = "";
    var doneKey = "";
    var lastLine = "";
    var payload = report;
    var lines = new ArrayList<byte[]>();
    switch (report.getBodyCase()) {
      case ATTEMPT_STARTED -> {
        type = ReportEntry.ATTEMPT_STARTED;
        attemptId = report.getAttemptStarted().getAttemptId();
      }
      case LOG_LINES -> {
        type = ReportEntry.LOG_LINES;
        attemptId = report.getLogLines().getAttemptId();
        var slim = report.toBuilder();
        // the texts go to the log stream only; the operator needs progress, not a second copy of every line
        for (var line : slim.getLogLinesBuilder().getLinesBuilderList()) {
          lines.add(bytes(line.getLineSeq()));
          lines.add((line.getStream() == LogLine.Stream.STDERR ? "stderr" : "stdout").getBytes(UTF_8));
          lines.add(bytes(line.getTime().getSeconds() * 1000 + line.getTime().getNanos() / 1_000_000));
          lines.add(line.getText().getBytes(UTF_8));
          line.clearText();
        }
        payload = slim.build();
      }
      case ATTEMPT_FINISHED -> {
        type = ReportEntry.ATTEMPT_FINISHED;
        attemptId = report.getAttemptFinished().getAttemptId();
        lastLine = Long.toString(report.getAttemptFinished().getLastLineSeq());
      }
      default -> {
        // a report kind this hub does not know yet: still stored and acknowledged, for an operator that might
      }
    }
    if (!attemptId.isEmpty()) {
      var attempt = AttemptId.parse(attemptId);
      logKey = BusKeys.log(attempt);
      doneKey = BusKeys.logDone(attempt);
    }
    var args = new ArrayList<byte[]>(10 + lines.size());
    args.add(bytes(report.getReportSeq()));
    args.add(bytes(previousSeq));
    args.add(sessionValue.getBytes(UTF_8));
    args.add(agentId.getBytes(UTF_8));
    args.add(type.getBytes(UTF_8));
    args.add(attemptId.getBytes(UTF_8));
    args.add(payload.toByteArray());
    args.add(maxLines);
    args.add(retentionSeconds);
    args.add(lastLine.getBytes(UTF_8));
    args.addAll(lines);
    var keys = new String[] {
        BusKeys.reportSeq(agentId), BusKeys.session(agentId), BusKeys.REPORTS, logKey, doneKey};
    return SCRIPT.<Long>run(redis, ScriptOutputType.INTEGER, keys, args.toArray(byte[][]::new))
        .thenApply(ReportStore::outcome);
  }

  static Outcome outcome(Long code) {
    return switch (code.intValue()) {
      case 1 -> Outcome.STORED;
      case 0 -> Outcome.DUPLICATE;
      case -1 -> Outcome.GAP;
      case -2 -> Outcome.SUPERSEDED;
      default -> throw new IllegalStateException("unexpected store-report result " + code);
    };
  }

  static byte[] bytes(long value) {
    return Long.toString(value).getBytes(UTF_8);
  }
}
