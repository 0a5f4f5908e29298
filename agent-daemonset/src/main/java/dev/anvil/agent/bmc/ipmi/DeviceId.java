package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;

/**
 * The BMC's answer to Get Device ID (IPMI 2.0 section 20.1): which controller it is and its firmware revision.
 *
 * @param firmwareRevision major.minor as ipmitool prints it, e.g. "9.08" (the minor byte is BCD)
 * @param manufacturerId the IANA enterprise number of the BMC's maker
 */
record DeviceId(String firmwareRevision, int manufacturerId, int productId) {

  static final IpmiRequest REQUEST = IpmiRequest.of("Get Device ID", IpmiRequest.NETFN_APP, 0x01);

  static DeviceId read(IpmiSession session) throws BmcException {
    return parse(session.call(REQUEST).require(11));
  }

  static DeviceId parse(byte[] data) {
    var firmware = (data[2] & 0x7f) + "." + String.format("%02x", data[3] & 0xff);
    int manufacturer = (data[6] & 0xff) | (data[7] & 0xff) << 8 | (data[8] & 0x0f) << 16;
    int product = (data[9] & 0xff) | (data[10] & 0xff) << 8;
    return new DeviceId(firmware, manufacturer, product);
  }
}
