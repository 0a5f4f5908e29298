package dev.anvil.protocol.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.protocol.agent.v1.Command;

/**
 * One command on an agent's command stream: fields {@code seq} and {@code payload} (a serialized {@code Command}
 * carrying that command_seq), appended by {@link #APPEND_SCRIPT} under the entry id {@code <seq>-0}.
 */
public final class CommandEntry {

  public static final String SEQ = "seq";
  public static final String PAYLOAD = "payload";
  /** Prefix of a secret environment value on the bus: {@code secretKeyRef:<namespace>/<name>/<key>}. */
  public static final String SECRET_REF_PREFIX = "secretKeyRef:";

  /**
   * KEYS[1] = command-seq counter, KEYS[2] = command stream, ARGV[1] = the Command serialized without command_seq.
   * Numbering and appending happen in one step so the stream order is the command_seq order even with
   * concurrent producers (cumulative acks depend on it). The script prepends field 1 (command_seq, varint):
   * protobuf reads concatenated encodings as one message, so the payload carries the number Redis handed out.
   * Returns the command_seq.
   */
  public static final String APPEND_SCRIPT = """
      local function varint(n)
        local s = ''
        while n >= 128 do
          s = s .. string.char(n % 128 + 128)
          n = math.floor(n / 128)
        end
        return s .. string.char(n)
      end
      local seq = redis.call('INCR', KEYS[1])
      redis.call('XADD', KEYS[2], seq .. '-0', 'seq', seq, 'payload', '\\8' .. varint(seq) .. ARGV[1])
      return seq
      """;

  private CommandEntry() {
  }

  /** The bytes a producer hands to {@link #APPEND_SCRIPT}: the command without its command_seq. */
  public static byte[] unnumbered(Command.Builder command) {
    return command.clone().clearCommandSeq().build().toByteArray();
  }

  /** Reads a stream entry's payload back into the command. */
  public static Command decode(byte[] payload) {
    try {
      return Command.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("command stream entry is not a Command", e);
    }
  }

  /** The command_seq of a stream entry id {@code <seq>-0}. */
  public static long seqOf(String entryId) {
    var dash = entryId.indexOf('-');
    return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
  }
}
