package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Map;

/** IPMI completion codes (IPMI 2.0 table 5-2): their names, and the failure each one is for the operator. */
final class CompletionCode {

  static final int OK = 0x00;
  static final int INVALID_COMMAND = 0xc1;
  static final int RESERVATION_CANCELLED = 0xc5;
  static final int REQUEST_DATA_LENGTH_INVALID = 0xc7;
  static final int REQUEST_DATA_TOO_LONG = 0xc8;
  static final int PARAMETER_OUT_OF_RANGE = 0xc9;
  static final int CANNOT_RETURN_REQUESTED_BYTES = 0xca;
  static final int NOT_PRESENT = 0xcb;
  static final int DUPLICATED_REQUEST = 0xcf;
  static final int UNSPECIFIED = 0xff;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0xc0, "node busy"),
      Map.entry(0xc1, "invalid command"),
      Map.entry(0xc2, "command invalid for the given LUN"),
      Map.entry(0xc3, "timeout while processing the command"),
      Map.entry(0xc4, "out of space"),
      Map.entry(0xc5, "reservation cancelled or invalid reservation id"),
      Map.entry(0xc6, "request data truncated"),
      Map.entry(0xc7, "request data length invalid"),
      Map.entry(0xc8, "request data field length limit exceeded"),
      Map.entry(0xc9, "parameter out of range"),
      Map.entry(0xca, "cannot return the number of requested data bytes"),
      Map.entry(0xcb, "requested sensor, data or record not present"),
      Map.entry(0xcc, "invalid data field in request"),
      Map.entry(0xcd, "command illegal for the specified sensor or record type"),
      Map.entry(0xce, "command response could not be provided"),
      Map.entry(0xcf, "cannot execute duplicated request"),
      Map.entry(0xd0, "SDR repository in update mode"),
      Map.entry(0xd1, "device in firmware update mode"),
      Map.entry(0xd2, "BMC initialisation in progress"),
      Map.entry(0xd3, "destination unavailable"),
      Map.entry(0xd4, "insufficient privilege level"),
      Map.entry(0xd5, "command not supported in the present state"),
      Map.entry(0xd6, "sub-function disabled or unavailable"),
      Map.entry(0xff, "unspecified error"));

  private CompletionCode() {
  }

  /** "0xCC (invalid data field in request)", or the hex code alone for OEM and unknown codes. */
  static String describe(int code) {
    var name = NAMES.get(code);
    var hex = String.format("0x%02X", code);
    return name == null ? hex : hex + " (" + name + ")";
  }

  /** UNSUPPORTED for an unknown command or an out-of-range parameter, REJECTED for any other non-zero code. */
  static BmcException failure(String command, int code) {
    var kind = code == INVALID_COMMAND || code == PARAMETER_OUT_OF_RANGE ? Kind.UNSUPPORTED : Kind.REJECTED;
    return new BmcException(kind, "the BMC refused " + command + ": completion code " + describe(code));
  }
}
