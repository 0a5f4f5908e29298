package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcException;

/** Why the agent ended a console stream: the reasons {@code ConsoleClosed.reason} names. */
enum CloseReason {
  NOT_SERVED,
  NO_CONSOLE,
  UNREACHABLE,
  AUTH_FAILED,
  TLS,
  REJECTED,
  PROTOCOL,
  ENDED,
  GAP,
  TOO_SLOW,
  UNSUPPORTED,
  SHUTDOWN;

  /** The reason of a failed BMC call: every BmcException kind has a reason of the same name. */
  static CloseReason of(BmcException.Kind kind) {
    return valueOf(kind.name());
  }
}
