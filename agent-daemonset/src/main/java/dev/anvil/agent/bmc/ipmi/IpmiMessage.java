package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Arrays;

/** Encodes requests and decodes responses of the IPMI LAN message format inside RMCP+ (IPMI 2.0 chapter 13). */
final class IpmiMessage {

  /** The BMC's responder address. */
  static final int BMC_ADDRESS = 0x20;
  /** This client's requester address: a remote console software id (IPMI 2.0 section 5.5). */
  static final int CONSOLE_ADDRESS = 0x81;

  private IpmiMessage() {
  }

  /** The wire bytes of a request to the BMC. */
  static byte[] encodeRequest(IpmiRequest request, int rqSeq) {
    var data = request.data();
    var out = new byte[7 + data.length];
    out[0] = (byte) BMC_ADDRESS;
    out[1] = (byte) (request.netFn() << 2 | request.lun() & 0x03);
    out[2] = checksum(out, 0, 2);
    out[3] = (byte) CONSOLE_ADDRESS;
    out[4] = (byte) ((rqSeq & 0x3f) << 2);
    out[5] = (byte) request.command();
    System.arraycopy(data, 0, out, 6, data.length);
    out[out.length - 1] = checksum(out, 3, out.length - 4);
    return out;
  }

  /** The rqSeq a response carries, or -1 when the message is too short to say. */
  static int responseSequence(byte[] message) {
    return message.length < 8 ? -1 : (message[4] & 0xff) >> 2;
  }

  /** Reads a response to the request; PROTOCOL when its checksums, netFn or command do not match. */
  static IpmiResponse decodeResponse(byte[] message, IpmiRequest request) throws BmcException {
    if (message.length < 8) {
      throw new BmcException(Kind.PROTOCOL, "the BMC sent a " + message.length + "-byte IPMI response to "
          + request.name());
    }
    if (checksum(message, 0, 2) != message[2] || checksum(message, 3, message.length - 4)
        != message[message.length - 1]) {
      throw new BmcException(Kind.PROTOCOL, "the BMC's response to " + request.name() + " has a bad checksum");
    }
    int netFn = (message[1] & 0xff) >> 2;
    if (netFn != (request.netFn() | 1) || (message[5] & 0xff) != request.command()) {
      throw new BmcException(Kind.PROTOCOL, "the BMC answered " + request.name() + " with netFn 0x"
          + Integer.toHexString(netFn) + " command 0x" + Integer.toHexString(message[5] & 0xff));
    }
    return new IpmiResponse(request.name(), message[6] & 0xff, Arrays.copyOfRange(message, 7, message.length - 1));
  }

  /** The byte that makes the given range sum to zero modulo 256. */
  static byte checksum(byte[] bytes, int offset, int length) {
    int sum = 0;
    for (int i = offset; i < offset + length; i++) {
      sum += bytes[i];
    }
    return (byte) -sum;
  }
}
