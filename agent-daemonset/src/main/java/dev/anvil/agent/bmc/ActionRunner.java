package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcBootOverride;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Carries out one BmcAction on a host's client and says how it ended, with the power state read right after. A
 * Redfish name this agent does not know fails UNSUPPORTED without touching the BMC.
 */
final class ActionRunner {

  /** The action's target is not served by this agent (never was, or released). */
  static final String NOT_SERVED = "NOT_SERVED";

  /** Failures after which reading the power state would only fail again, after another timeout. */
  private static final Set<BmcException.Kind> UNREADABLE =
      EnumSet.of(BmcException.Kind.UNREACHABLE, BmcException.Kind.AUTH_FAILED, BmcException.Kind.TLS);

  private final Clock clock;

  ActionRunner(Clock clock) {
    this.clock = clock;
  }

  /** Runs {@code action} with the client {@code host} opens (or has open). */
  BmcActionResult run(BmcAction action, ClientSource host) {
    var result = result(action);
    BmcClient client = null;
    BmcException failure = null;
    try {
      var operation = operation(action);
      client = host.client();
      operation.apply(client);
      result.setSucceeded(true);
    } catch (BmcException e) {
      failure = e;
      result.setErrorKind(e.kind().name()).setMessage(Objects.toString(e.getMessage(), ""));
    }
    if (client != null && (failure == null || !UNREADABLE.contains(failure.kind()))) {
      try {
        result.setPowerState(client.power().name());
      } catch (BmcException e) {
        // the result stands without a power state: the next poll shows it
      }
    }
    return result.setFinishedTime(ObservationMapper.timestamp(clock.instant())).build();
  }

  /** The result of an action whose host this agent does not serve. */
  BmcActionResult notServed(BmcAction action) {
    return failed(action, NOT_SERVED, "this agent does not serve BmcHost " + action.getHostUid());
  }

  /** The result of an action that failed before it reached the BMC, or in a way the client did not foresee. */
  BmcActionResult failed(BmcAction action, String errorKind, String message) {
    return result(action).setErrorKind(errorKind).setMessage(message)
        .setFinishedTime(ObservationMapper.timestamp(clock.instant())).build();
  }

  private static BmcActionResult.Builder result(BmcAction action) {
    return BmcActionResult.newBuilder().setHostUid(action.getHostUid()).setActionId(action.getActionId());
  }

  /** What the action does to a client; UNSUPPORTED for a name this agent does not know, before any BMC call. */
  private static Operation operation(BmcAction action) throws BmcException {
    return switch (action.getKindCase()) {
      case POWER -> {
        var reset = named(ResetAction.class, "ResetType", action.getPower());
        yield client -> client.reset(reset);
      }
      case BOOT_OVERRIDE -> {
        var boot = boot(action.getBootOverride());
        yield client -> client.setBootOverride(boot);
      }
      default -> throw new BmcException(BmcException.Kind.UNSUPPORTED,
          "the action carries neither a power action nor a boot override this agent knows");
    };
  }

  private static BootSettings boot(BmcBootOverride boot) throws BmcException {
    var mode = boot.getMode().isEmpty() ? null : named(BootSettings.Mode.class, "BootSourceOverrideMode",
        boot.getMode());
    return new BootSettings(named(BootSettings.Target.class, "BootSourceOverrideTarget", boot.getTarget()),
        named(BootSettings.Persistence.class, "BootSourceOverrideEnabled", boot.getEnabled()), mode);
  }

  private static <E extends Enum<E>> E named(Class<E> type, String what, String name) throws BmcException {
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new BmcException(BmcException.Kind.UNSUPPORTED, what + " '" + name + "' is not one of "
          + Arrays.toString(type.getEnumConstants()));
    }
  }

  /** Where the action gets its client: the host's, opened on first use. */
  @FunctionalInterface
  interface ClientSource {
    BmcClient client() throws BmcException;
  }

  /** One BMC call. */
  @FunctionalInterface
  private interface Operation {
    void apply(BmcClient client) throws BmcException;
  }
}
