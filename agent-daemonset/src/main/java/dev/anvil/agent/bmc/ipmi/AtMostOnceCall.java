package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.ipmi.IpmiSession.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a command that must not be carried out twice (a reset, a power cycle) so that a lost answer never makes it
 * happen again, using the BMC's session sequence numbers to learn whether the command arrived.
 */
final class AtMostOnceCall {

  private static final Logger log = LoggerFactory.getLogger(AtMostOnceCall.class);
  /** Sends of the command itself, each only after probes showed the previous one never arrived. */
  private static final int SENDS = 3;

  private final IpmiSession session;
  private final Pending command;

  /** Callers hold the session's lock. */
  AtMostOnceCall(IpmiSession session, IpmiRequest request) {
    this.session = session;
    this.command = new Pending(request, session.nextRqSeq());
  }

  /**
   * Sends the command once; when no answer comes, probes with Get Device ID. A BMC numbers every packet it sends in a
   * session one after the other, so the probe's answer shows how many of the BMC's packets never arrived. None: the
   * command was lost on the way and is sent again (same rqSeq). One for each request that may have reached the BMC:
   * it was carried out and only its answer was lost. Anything else cannot be told apart and fails without repeating
   * the command. This assumes the network does not hold a datagram back longer than the retransmission interval.
   */
  IpmiResponse run() throws BmcException {
    var name = command.request().name();
    for (int send = 1; send <= SENDS; send++) {
      long before = session.inbound().newest();
      try {
        return session.exchange(command, 1).response();
      } catch (BmcException e) {
        if (e.kind() != Kind.UNREACHABLE) {
          throw e;
        }
      }
      var verdict = probe(before);
      if (verdict != null) {
        return verdict;
      }
      log.debug("{} did not reach the BMC (send {}); sending it again", name, send);
    }
    throw new BmcException(Kind.UNREACHABLE, "the BMC did not receive " + name + " in " + SENDS + " sends");
  }

  /** The command's answer, a stand-in when it was carried out, or null when it never arrived. */
  private IpmiResponse probe(long before) throws BmcException {
    var name = command.request().name();
    for (int probes = 1; probes < UdpLink.ATTEMPTS; probes++) {
      var probe = new Pending(DeviceId.REQUEST, session.nextRqSeq());
      IpmiSession.Answer answer;
      try {
        answer = session.exchange(probe, 1, command);
      } catch (BmcException e) {
        if (e.kind() != Kind.UNREACHABLE) {
          throw e;
        }
        continue;
      }
      if (answer.to() == command) {
        return answer.response();
      }
      int lost = session.inbound().missingBetween(before, answer.bmcSequence());
      if (lost == 0) {
        return null;
      }
      if (lost == probes) {
        log.info("the answer to {} was lost, but the BMC's sequence numbers show it was carried out", name);
        return new IpmiResponse(name, CompletionCode.OK, new byte[0]);
      }
      throw unknown(name, "its sequence numbers cannot tell whether the command arrived");
    }
    throw unknown(name, "the BMC stopped answering");
  }

  private static BmcException unknown(String name, String why) {
    return new BmcException(Kind.UNREACHABLE, "no answer to " + name + " and " + why + "; it may or may not have been"
        + " carried out, and is not repeated so that it never happens twice");
  }
}
