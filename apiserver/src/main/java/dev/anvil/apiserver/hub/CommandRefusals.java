package dev.anvil.apiserver.hub;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.LinkedHashMap;

/**
 * Tells the operator, on {@code anvil:reports}, that the hub could not send a command (so the attempt can fail
 * with a reason instead of waiting for a start that never comes). Carries the reason, never a secret value.
 */
public final class CommandRefusals {

  private final RedisAsyncCommands<String, byte[]> redis;

  public CommandRefusals(RedisAsyncCommands<String, byte[]> redis) {
    this.redis = redis;
  }

  public void refused(String agentId, Command command, String reason) {
    var attempt = command.hasRunAttempt() ? command.getRunAttempt().getAttemptId() : "";
    var fields = new LinkedHashMap<String, byte[]>();
    fields.put(ReportEntry.AGENT, agentId.getBytes(UTF_8));
    fields.put(ReportEntry.SEQ, Long.toString(command.getCommandSeq()).getBytes(UTF_8));
    fields.put(ReportEntry.TYPE, ReportEntry.COMMAND_REFUSED.getBytes(UTF_8));
    fields.put(ReportEntry.ATTEMPT, attempt.getBytes(UTF_8));
    fields.put(ReportEntry.MESSAGE, reason.getBytes(UTF_8));
    redis.xadd(BusKeys.REPORTS, fields);
  }
}
