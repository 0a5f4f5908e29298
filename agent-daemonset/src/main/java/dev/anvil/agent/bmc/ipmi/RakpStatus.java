package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.List;

/** RMCP+ and RAKP message status codes (IPMI 2.0 table 13-15) and the failure each is for the operator. */
final class RakpStatus {

  static final int OK = 0x00;
  static final int INVALID_INTEGRITY_CHECK_VALUE = 0x0f;

  private static final List<String> NAMES = List.of(
      "no errors",
      "insufficient resources to create a session",
      "invalid session id",
      "invalid payload type",
      "invalid authentication algorithm",
      "invalid integrity algorithm",
      "no matching authentication payload",
      "no matching integrity payload",
      "inactive session id",
      "invalid role",
      "unauthorized role or privilege level requested",
      "insufficient resources to create a session at the requested role",
      "invalid name length",
      "unauthorized name",
      "unauthorized GUID",
      "invalid integrity check value",
      "invalid confidentiality algorithm",
      "no cipher suite match with proposed security algorithms",
      "illegal or unrecognized parameter");

  private RakpStatus() {
  }

  static String describe(int status) {
    var hex = String.format("0x%02X", status);
    return status < NAMES.size() ? hex + " (" + NAMES.get(status) + ")" : hex;
  }

  /**
   * The failure a non-zero status in the answer to a session set-up step is: unknown user, role and integrity
   * failures are AUTH_FAILED, algorithms the BMC lacks UNSUPPORTED, a BMC out of sessions REJECTED.
   */
  static BmcException failure(String step, int status, String username, int suiteId) {
    return switch (status) {
      case 0x04, 0x05, 0x06, 0x07, 0x10, 0x11 -> new BmcException(Kind.UNSUPPORTED, "the BMC does not offer cipher "
          + "suite " + suiteId + ": " + step + " answered " + describe(status));
      case 0x01, 0x0b -> new BmcException(Kind.REJECTED, "the BMC has no free session: " + step + " answered "
          + describe(status));
      case 0x0d -> new BmcException(Kind.AUTH_FAILED, "the BMC does not know user '" + username + "' (" + step
          + " answered " + describe(status) + ")");
      case 0x09, 0x0a -> new BmcException(Kind.AUTH_FAILED, "user '" + username + "' may not log in at the requested "
          + "privilege level (" + step + " answered " + describe(status) + ")");
      default -> new BmcException(Kind.AUTH_FAILED, "the BMC refused the login of user '" + username + "': " + step
          + " answered " + describe(status));
    };
  }
}
