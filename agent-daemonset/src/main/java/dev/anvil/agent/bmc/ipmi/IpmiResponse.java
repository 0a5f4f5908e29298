package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;

/**
 * The BMC's answer to one command: its completion code and response data (after the completion code).
 *
 * @param command the command's name, for error messages
 */
record IpmiResponse(String command, int completionCode, byte[] data) {

  /** The data when the command succeeded with at least minLength bytes; otherwise the matching failure. */
  byte[] require(int minLength) throws BmcException {
    if (completionCode != CompletionCode.OK) {
      throw CompletionCode.failure(command, completionCode);
    }
    if (data.length < minLength) {
      throw new BmcException(Kind.PROTOCOL, "the BMC answered " + command + " with " + data.length
          + " data bytes, fewer than the " + minLength + " it must carry");
    }
    return data;
  }
}
