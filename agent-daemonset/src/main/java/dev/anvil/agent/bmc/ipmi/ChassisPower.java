package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Power state and power actions through Get Chassis Status and Chassis Control (IPMI 2.0 sections 28.2-28.3). */
final class ChassisPower {

  /** Chassis Control's data byte for each action IPMI offers. */
  private static final Map<ResetAction, Integer> CONTROLS = Map.of(
      ResetAction.ForceOff, 0x00,
      ResetAction.On, 0x01,
      ResetAction.ForceOn, 0x01,
      ResetAction.PowerCycle, 0x02,
      ResetAction.ForceRestart, 0x03,
      ResetAction.Nmi, 0x04,
      ResetAction.GracefulShutdown, 0x05);

  static final Set<ResetAction> SUPPORTED = Set.copyOf(EnumSet.copyOf(CONTROLS.keySet()));
  /** Actions that are harmless to repeat (power up, power down); the others must reach the BMC at most once. */
  private static final Set<ResetAction> REPEATABLE = EnumSet.of(ResetAction.On, ResetAction.ForceOn,
      ResetAction.ForceOff);

  private static final IpmiRequest GET_STATUS = IpmiRequest.of("Get Chassis Status", IpmiRequest.NETFN_CHASSIS, 0x01);

  private ChassisPower() {
  }

  /** On or Off from the current power state byte's "power is on" bit. */
  static PowerStatus read(IpmiSession session) throws BmcException {
    return parse(session.call(GET_STATUS).require(3));
  }

  static PowerStatus parse(byte[] status) {
    return (status[0] & 0x01) != 0 ? PowerStatus.On : PowerStatus.Off;
  }

  /**
   * Carries out the action (IPMI has no graceful restart nor a momentary power-button press); a power cycle, reset,
   * NMI or soft-off is sent at most once even when datagrams are lost.
   * A "cannot execute duplicated request" answer (0xCF) means the BMC already carried out this very request, whose
   * answer was lost, so it counts as done.
   */
  static void control(IpmiSession session, ResetAction action) throws BmcException {
    var control = CONTROLS.get(action);
    if (control == null) {
      throw new BmcException(Kind.UNSUPPORTED, "IPMI has no " + action + " power action");
    }
    var request = IpmiRequest.of("Chassis Control (" + action + ")", IpmiRequest.NETFN_CHASSIS, 0x02, control);
    var answer = REPEATABLE.contains(action) ? session.call(request) : session.callAtMostOnce(request);
    if (answer.completionCode() != CompletionCode.DUPLICATED_REQUEST) {
      answer.require(0);
    }
  }
}
