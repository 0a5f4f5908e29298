package dev.anvil.agent.bmc.ipmi;

/**
 * One IPMI command to the BMC: network function, command number, responder LUN and request data.
 *
 * @param name the command's name in the IPMI specification, for error messages
 */
record IpmiRequest(String name, int netFn, int command, int lun, byte[] data) {

  static final int NETFN_CHASSIS = 0x00;
  static final int NETFN_SENSOR = 0x04;
  static final int NETFN_APP = 0x06;
  static final int NETFN_STORAGE = 0x0a;

  /** A request to LUN 0 with the given data bytes (each taken modulo 256). */
  static IpmiRequest of(String name, int netFn, int command, int... data) {
    var bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) data[i];
    }
    return new IpmiRequest(name, netFn, command, 0, bytes);
  }

  /** The same request addressed to another LUN of the BMC (sensors may live on LUN 1-3). */
  IpmiRequest onLun(int otherLun) {
    return new IpmiRequest(name, netFn, command, otherLun, data);
  }
}
