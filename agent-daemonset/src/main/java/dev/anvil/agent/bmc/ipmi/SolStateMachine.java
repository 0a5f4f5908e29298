package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.Arrays;

/**
 * The acknowledge and retransmit rules of one Serial over LAN session (IPMI 2.0 section 15.9), without threads,
 * sockets or clocks of its own: the caller feeds it time, the BMC's packets and the user's bytes, and it says what to
 * send and what the host wrote. One packet of ours is in flight at a time (SOL is stop-and-wait). Not thread-safe:
 * {@link SolSession} guards it.
 */
final class SolStateMachine {

  /** Where the machine's decisions go. */
  interface Sink {
    /** A packet to send to the BMC now. */
    void send(SolPacket packet);

    /** Characters the host wrote, in order, each exactly once. */
    void hostOutput(byte[] characters);
  }

  /** A packet of ours awaiting its acknowledgement. */
  private record InFlight(SolPacket packet, int sends, long sentAtNanos) {
  }

  private final Sink sink;
  private final int maxCharacters;
  private final long retryNanos;
  private final int maxSends;
  /** User bytes not yet sent: a ring buffer. */
  private final byte[] outbound;
  private int outboundHead;
  private int outboundSize;
  /** The part of a packet the BMC did not accept, sent again (under a new sequence number) before anything else. */
  private byte[] remainder;
  private InFlight inFlight;
  private int lastSequence;
  /** After a NACK: no new data before this time, unless the BMC says it is ready again. */
  private long pausedUntilNanos;
  private boolean paused;
  private int lastInboundSequence;
  private int lastInboundLength;
  private long overruns;
  private BmcException ended;

  /**
   * @param maxCharacters characters per packet (the BMC's inbound payload size less the SOL header)
   * @param retryNanos how long a packet waits for its acknowledgement before it is sent again
   * @param maxSends sends of one packet before the session is taken as lost
   * @param outboundCapacity user bytes held before {@link #offer} takes no more
   */
  SolStateMachine(Sink sink, int maxCharacters, long retryNanos, int maxSends, int outboundCapacity) {
    if (maxCharacters < 1 || maxCharacters > 0xff || maxSends < 1 || outboundCapacity < 1) {
      throw new IllegalArgumentException("SOL packets carry 1-255 characters, sent at least once, from a buffer");
    }
    this.sink = sink;
    this.maxCharacters = maxCharacters;
    this.retryNanos = retryNanos;
    this.maxSends = maxSends;
    this.outbound = new byte[outboundCapacity];
  }

  /**
   * Sends an empty data packet first. BMCs take a packet with the sequence number of the last one they accepted as a
   * retransmission, and ipmi_sim keeps that number across activations, so the first characters of a new session
   * could be acknowledged and dropped; an empty packet (as ipmitool's SOL keep-alive sends) moves past it.
   */
  void start(long now) {
    lastSequence = 1;
    inFlight = new InFlight(SolPacket.data(lastSequence, new byte[0], 0), 1, now);
    sink.send(inFlight.packet());
  }

  /** How many more user bytes {@link #offer} would take now. */
  int space() {
    return ended != null ? 0 : outbound.length - outboundSize;
  }

  /** Takes as many of the bytes as there is space for and returns how many; sends at once when it may. */
  int offer(byte[] bytes, int offset, int length, long now) {
    int taken = Math.min(length, space());
    for (int i = 0; i < taken; i++) {
      outbound[(outboundHead + outboundSize + i) % outbound.length] = bytes[offset + i];
    }
    outboundSize += taken;
    tick(now);
    return taken;
  }

  /** Whether everything offered has been sent and acknowledged. */
  boolean drained() {
    return outboundSize == 0 && remainder == null && inFlight == null;
  }

  /** Why the session ended (the BMC deactivated it, or stopped acknowledging), or null while it goes on. */
  BmcException ended() {
    return ended;
  }

  /** How many packets the BMC marked as having dropped host output before them. */
  long overruns() {
    return overruns;
  }

  /** When {@link #tick} next has something to do, or Long.MAX_VALUE when only a packet or a write can change that. */
  long nextDeadline() {
    if (ended != null) {
      return Long.MAX_VALUE;
    }
    if (inFlight != null) {
      return inFlight.sentAtNanos() + retryNanos;
    }
    if (paused && (remainder != null || outboundSize > 0)) {
      return pausedUntilNanos;
    }
    return Long.MAX_VALUE;
  }

  /** Retransmits an unacknowledged packet when its time has come, or sends the next one when nothing is in flight. */
  void tick(long now) {
    if (ended != null) {
      return;
    }
    if (inFlight != null) {
      if (now - inFlight.sentAtNanos() < retryNanos) {
        return;
      }
      if (inFlight.sends() >= maxSends) {
        end(Kind.UNREACHABLE, "the BMC acknowledged no Serial over LAN packet in " + maxSends + " sends");
        return;
      }
      inFlight = new InFlight(inFlight.packet(), inFlight.sends() + 1, now);
      sink.send(inFlight.packet());
      return;
    }
    if (paused && now - pausedUntilNanos < 0) {
      return;
    }
    var characters = remainder != null ? remainder : takeOutbound();
    if (characters.length == 0) {
      return;
    }
    // a packet sent after a NACK pause is a probe: if the BMC refuses it again it pauses again
    paused = false;
    remainder = null;
    lastSequence = SolPacket.next(lastSequence);
    inFlight = new InFlight(SolPacket.data(lastSequence, characters, 0), 1, now);
    sink.send(inFlight.packet());
  }

  /** Takes in one packet from the BMC: its acknowledgement of ours, and its characters from the host. */
  void receive(SolPacket packet, long now) {
    if (ended != null) {
      return;
    }
    if (packet.carriesAck()) {
      acknowledged(packet, now);
    }
    if (packet.has(SolPacket.DEACTIVATING)) {
      end(Kind.REJECTED, "the BMC deactivated Serial over LAN");
      return;
    }
    if (packet.carriesData()) {
      if (packet.sequence() == lastInboundSequence) {
        // our acknowledgement was lost and the BMC sent the packet again: acknowledge what was taken, deliver nothing
        sink.send(SolPacket.ack(lastInboundSequence, lastInboundLength));
      } else {
        lastInboundSequence = packet.sequence();
        lastInboundLength = packet.data().length;
        if (packet.has(SolPacket.TRANSMIT_OVERRUN)) {
          overruns++;
        }
        if (packet.data().length > 0) {
          sink.hostOutput(packet.data());
        }
        sink.send(SolPacket.ack(packet.sequence(), packet.data().length));
      }
    }
    tick(now);
  }

  /**
   * The BMC acknowledged (or refused) one of our packets. A NACK names how many characters it took; the rest is sent
   * again under a new sequence number once the BMC is ready (an acknowledgement without NACK) or a retry interval
   * passed. An acknowledgement of an older packet without NACK is the BMC saying it is ready again.
   */
  private void acknowledged(SolPacket ack, long now) {
    boolean nack = ack.has(SolPacket.NACK);
    if (inFlight == null || ack.ackSequence() != inFlight.packet().sequence()) {
      if (!nack) {
        paused = false;
      }
      return;
    }
    var sent = inFlight.packet().data();
    int accepted = Math.min(ack.acceptedCount(), sent.length);
    if (nack && ack.has(SolPacket.TRANSFER_UNAVAILABLE)) {
      accepted = 0;
    }
    if (accepted < sent.length) {
      remainder = Arrays.copyOfRange(sent, accepted, sent.length);
    }
    inFlight = null;
    paused = nack;
    pausedUntilNanos = now + retryNanos;
  }

  private byte[] takeOutbound() {
    int n = Math.min(maxCharacters, outboundSize);
    var chunk = new byte[n];
    for (int i = 0; i < n; i++) {
      chunk[i] = outbound[(outboundHead + i) % outbound.length];
    }
    outboundHead = (outboundHead + n) % outbound.length;
    outboundSize -= n;
    return chunk;
  }

  private void end(Kind kind, String why) {
    ended = new BmcException(kind, why);
    inFlight = null;
    remainder = null;
    outboundSize = 0;
  }
}
