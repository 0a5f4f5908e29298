package dev.anvil.protocol.bus;

import dev.anvil.protocol.agent.v1.Command;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.CompletionStage;

/**
 * Puts a command on an agent's command stream (the producer side: the operator, and the tests). Secret environment
 * values go on the bus only as references {@code secretKeyRef:<namespace>/<name>/<key>}, which the hub resolves
 * when it sends the command.
 */
public final class AgentCommands {

  private static final LuaScript APPEND = new LuaScript(CommandEntry.APPEND_SCRIPT);

  private final RedisAsyncCommands<String, byte[]> redis;

  public AgentCommands(RedisAsyncCommands<String, byte[]> redis) {
    this.redis = redis;
  }

  /** Appends the command; completes with the command_seq Redis handed out (any command_seq set is ignored). */
  public CompletionStage<Long> send(String agentId, Command.Builder command) {
    return APPEND.run(redis, ScriptOutputType.INTEGER,
        new String[] {BusKeys.commandSeq(agentId), BusKeys.commands(agentId)}, CommandEntry.unnumbered(command));
  }

  /** The reference a producer puts into a secret {@code EnvVar.value}. */
  public static String secretRef(String namespace, String name, String key) {
    return CommandEntry.SECRET_REF_PREFIX + namespace + "/" + name + "/" + key;
  }
}
