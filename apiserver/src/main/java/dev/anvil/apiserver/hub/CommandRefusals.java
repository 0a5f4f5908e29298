package dev.anvil.apiserver.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.util.LinkedHashMap;

/**
 * Tells the operator, on {@code anvil:reports}, that the hub could not send a command (so the attempt can fail
 * with a reason instead of waiting for a start that never comes); for a ServeBmcHost it stores the host's
 * observation {@value #CREDENTIALS_UNAVAILABLE} instead. Carries the reason, never a secret value.
 */
public final class CommandRefusals {

  /** The observation's error_kind when the hub cannot read a BmcHost's Secret. */
  static final String CREDENTIALS_UNAVAILABLE = "CREDENTIALS_UNAVAILABLE";

  private final RedisAsyncCommands<String, byte[]> redis;
  private final BmcReportStore bmc;
  private final Clock clock;

  public CommandRefusals(RedisAsyncCommands<String, byte[]> redis, Clock clock) {
    this.redis = redis;
    this.bmc = new BmcReportStore(redis);
    this.clock = clock;
  }

  public void refused(String agentId, Command command, String reason) {
    if (command.hasServeBmcHost()) {
      credentialsUnavailable(agentId, command, reason);
      return;
    }
    var attempt = command.hasRunAttempt() ? command.getRunAttempt().getAttemptId() : "";
    var fields = new LinkedHashMap<String, byte[]>();
    fields.put(ReportEntry.AGENT, agentId.getBytes(UTF_8));
    fields.put(ReportEntry.SEQ, Long.toString(command.getCommandSeq()).getBytes(UTF_8));
    fields.put(ReportEntry.TYPE, ReportEntry.COMMAND_REFUSED.getBytes(UTF_8));
    fields.put(ReportEntry.ATTEMPT, attempt.getBytes(UTF_8));
    fields.put(ReportEntry.MESSAGE, reason.getBytes(UTF_8));
    redis.xadd(BusKeys.REPORTS, fields);
  }

  private void credentialsUnavailable(String agentId, Command command, String reason) {
    var serve = command.getServeBmcHost();
    var now = clock.instant();
    bmc.storeOwn(agentId, command.getCommandSeq(), BmcObservation.newBuilder()
        .setHostUid(serve.getHost().getUid())
        .setConfigVersion(serve.getConfigVersion())
        .setObservedTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setErrorKind(CREDENTIALS_UNAVAILABLE)
        .setErrorMessage(reason)
        .build());
  }
}
