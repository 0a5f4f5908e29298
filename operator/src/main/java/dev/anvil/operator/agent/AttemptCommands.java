package dev.anvil.operator.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.CancelAttempt;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.bus.AgentCommands;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.protocol.bus.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends commands to agents; a RunAttempt (or a BmcAction) at most once, even across operator restarts, by a marker
 * key set in the same script that appends it.
 */
final class AttemptCommands {

  /** How long the sent-marker outlives the send: longer than any attempt waits to be started. */
  static final Duration MARKER_TTL = Duration.ofDays(7);

  // The marker and the command are written in one script: a crash can leave neither or both, never a marker
  // without its command (the attempt would never run) or a command without its marker (it would run twice).
  private static final LuaScript RUN_ONCE = new LuaScript(
      "if not redis.call('SET', KEYS[3], ARGV[2], 'NX', 'EX', ARGV[3]) then return 0 end\n"
          + CommandEntry.APPEND_SCRIPT);

  private final RedisAsyncCommands<String, byte[]> redis;
  private final AgentCommands commands;

  AttemptCommands(RedisAsyncCommands<String, byte[]> redis) {
    this.redis = redis;
    this.commands = new AgentCommands(redis);
  }

  /** Appends the RunAttempt unless the attempt's marker exists; returns the command_seq, or 0 if it was sent before. */
  long runOnce(String agentId, AttemptId attempt, Command.Builder command) {
    return sendOnce(agentId, BusKeys.attemptSent(attempt), command);
  }

  /** Appends the command unless {@code markerKey} exists, setting it; returns the command_seq, or 0 if sent before. */
  long sendOnce(String agentId, String markerKey, Command.Builder command) {
    CompletionStage<Long> sent = RUN_ONCE.run(redis, ScriptOutputType.INTEGER,
        new String[] {BusKeys.commandSeq(agentId), BusKeys.commands(agentId), markerKey},
        CommandEntry.unnumbered(command), agentId.getBytes(UTF_8),
        Long.toString(MARKER_TTL.toSeconds()).getBytes(UTF_8));
    return await(sent);
  }

  /** Appends the command (for commands that are harmless to repeat). */
  void send(String agentId, Command.Builder command) {
    await(commands.send(agentId, command));
  }

  void cancel(String agentId, AttemptId attempt, String reason) {
    await(commands.send(agentId, Command.newBuilder().setCancelAttempt(
        CancelAttempt.newBuilder().setAttemptId(attempt.toString()).setReason(reason))));
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending to the agent bus", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send to the agent bus: " + e.getMessage(), e);
    }
  }
}
