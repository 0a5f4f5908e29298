package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.BootSettings.Mode;
import dev.anvil.agent.bmc.BootSettings.Persistence;
import dev.anvil.agent.bmc.BootSettings.Target;
import java.util.Arrays;
import java.util.Map;

/** Reads and writes the boot override as boot option parameter 5, "boot flags" (IPMI 2.0 sections 28.12-28.13). */
final class BootOptions {

  private static final int SET_SYSTEM_BOOT_OPTIONS = 0x08;
  private static final int GET_SYSTEM_BOOT_OPTIONS = 0x09;
  private static final int PARAMETER_NOT_SUPPORTED = 0x80;
  private static final int INVALID_DATA_FIELD = 0xcc;
  private static final int SET_ALREADY_IN_PROGRESS = 0x81;
  private static final int VALID = 0x80;
  private static final int PERSISTENT = 0x40;
  private static final int EFI = 0x20;

  /** Boot device selector (data 2, bits 5:2) for each target IPMI can express. */
  private static final Map<Target, Integer> DEVICES = Map.of(Target.None, 0x0, Target.Pxe, 0x1, Target.Hdd, 0x2,
      Target.Cd, 0x5, Target.BiosSetup, 0x6);
  /** Selectors read back: also hard drive safe mode (3), remote CD/DVD (8) and remote hard drive (11). */
  private static final Map<Integer, Target> TARGETS = Map.of(0x0, Target.None, 0x1, Target.Pxe, 0x2, Target.Hdd,
      0x3, Target.Hdd, 0x5, Target.Cd, 0x6, Target.BiosSetup, 0x8, Target.Cd, 0xb, Target.Hdd);

  private BootOptions() {
  }

  /** The override in effect, or null when the BMC names a device Redfish has no target for. */
  static BootSettings read(IpmiSession session) throws BmcException {
    var data = session.call(IpmiRequest.of("Get System Boot Options (boot flags)", IpmiRequest.NETFN_CHASSIS,
        GET_SYSTEM_BOOT_OPTIONS, 0x05, 0x00, 0x00)).require(7);
    return decode(Arrays.copyOfRange(data, 2, 7));
  }

  /** Writes the override; a null mode keeps the firmware mode the BMC has now. */
  static void write(IpmiSession session, BootSettings boot) throws BmcException {
    var device = DEVICES.get(boot.target());
    if (device == null) {
      throw new BmcException(Kind.UNSUPPORTED, "IPMI boot options have no " + boot.target() + " boot target");
    }
    var mode = boot.mode();
    if (mode == null) {
      var current = read(session);
      mode = current == null ? Mode.Legacy : current.mode();
    }
    boolean bracketed = setInProgress(session, 0x01);
    try {
      var flags = encode(new BootSettings(boot.target(), boot.persistence(), mode));
      session.call(IpmiRequest.of("Set System Boot Options (boot flags)", IpmiRequest.NETFN_CHASSIS,
          SET_SYSTEM_BOOT_OPTIONS, 0x05, flags[0], flags[1], flags[2], flags[3], flags[4])).require(0);
    } finally {
      if (bracketed) {
        setInProgress(session, 0x00);
      }
    }
  }

  /** The five data bytes of parameter 5 for the settings (mode must be given). */
  static int[] encode(BootSettings boot) {
    if (boot.persistence() == Persistence.Disabled) {
      return new int[5];
    }
    int flags = VALID | (boot.persistence() == Persistence.Continuous ? PERSISTENT : 0)
        | (boot.mode() == Mode.UEFI ? EFI : 0);
    return new int[] {flags, DEVICES.get(boot.target()) << 2, 0, 0, 0};
  }

  /** The settings the five data bytes of parameter 5 describe; a clear valid bit reads as Disabled. */
  static BootSettings decode(byte[] data) {
    var target = TARGETS.get((data[1] & 0x3c) >> 2);
    if (target == null) {
      return null;
    }
    var persistence = (data[0] & VALID) == 0 ? Persistence.Disabled
        : (data[0] & PERSISTENT) != 0 ? Persistence.Continuous : Persistence.Once;
    return new BootSettings(target, persistence, (data[0] & EFI) != 0 ? Mode.UEFI : Mode.Legacy);
  }

  /**
   * Writes parameter 0 (set in progress / set complete); false when the BMC does not implement it (80h, or CCh as
   * ipmi_sim answers), in which case the change is written unbracketed. Another client's bracket is REJECTED.
   */
  private static boolean setInProgress(IpmiSession session, int state) throws BmcException {
    var answer = session.call(IpmiRequest.of("Set System Boot Options (set in progress)", IpmiRequest.NETFN_CHASSIS,
        SET_SYSTEM_BOOT_OPTIONS, 0x00, state));
    if (answer.completionCode() == PARAMETER_NOT_SUPPORTED || answer.completionCode() == INVALID_DATA_FIELD) {
      return false;
    }
    if (answer.completionCode() == SET_ALREADY_IN_PROGRESS) {
      throw new BmcException(Kind.REJECTED, "another client is changing the BMC's boot options (set in progress)");
    }
    answer.require(0);
    return true;
  }
}
