package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's serial console through its BMC: IPMI 2.0 Serial over LAN (payload type 1) on an RMCP+ session of its
 * own, signed and encrypted like every other payload of the session.
 *
 * <p>{@link #write} queues keystrokes, sent in order and retransmitted until the BMC acknowledges them; the host's
 * output goes to the {@link Listener}, in order, on a thread of the session's. Both directions are bounded, and differ
 * on purpose: typed input is never dropped, so {@link #write} blocks while its buffer is full (backpressure up to the
 * typist), while host output that the listener does not take fast enough is dropped oldest first, as a serial line
 * does, so that a slow viewer never stalls the acknowledgements the BMC waits for ({@link #droppedOutputBytes}).
 *
 * <p>SOL has no keep-alive of its own: every {@link Options#keepAliveInterval} the session asks the BMC which session
 * holds the SOL payload (Get Payload Instance Info), which keeps the RMCP+ session alive and notices when another
 * session took the console over. The session ends on {@link #close}, when the BMC deactivates SOL or stops answering,
 * or when another session takes over; the listener is told why.
 */
public final class SolSession implements AutoCloseable {

  /** Receives the host's serial output and the end of the session. */
  public interface Listener {
    /** Characters the host wrote, in order. Called on one thread of the session's; must not block for long. */
    void output(byte[] characters);

    /**
     * The session ended and no more output follows: cause is null after {@link #close}, otherwise why it ended
     * (REJECTED: the BMC deactivated SOL or another session took it over; UNREACHABLE: the BMC stopped answering).
     */
    default void closed(BmcException cause) {
    }
  }

  /**
   * How a session behaves.
   *
   * @param takeOver end another session's SOL first (Deactivate Payload, as {@code ipmitool sol deactivate} does)
   *     rather than fail when the BMC has SOL active already
   * @param retryInterval how long a packet waits for its acknowledgement before it is sent again
   * @param maxSends sends of one packet (data or keep-alive) before the BMC is taken as gone
   * @param keepAliveInterval how often the session checks it still holds SOL, which also keeps it alive
   * @param inputBuffer bytes {@link #write} queues before it blocks
   * @param outputBuffer bytes of host output held for the listener before the oldest are dropped
   * @param writeTimeout how long {@link #write} waits for buffer space before it fails
   */
  public record Options(boolean takeOver, Duration retryInterval, int maxSends, Duration keepAliveInterval,
      int inputBuffer, int outputBuffer, Duration writeTimeout) {

    public Options {
      Objects.requireNonNull(retryInterval, "retryInterval");
      Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
      Objects.requireNonNull(writeTimeout, "writeTimeout");
      if (maxSends < 1 || inputBuffer < 1 || outputBuffer < 1 || retryInterval.isNegative()
          || retryInterval.isZero() || keepAliveInterval.isNegative() || keepAliveInterval.isZero()) {
        throw new IllegalArgumentException("SOL options need positive intervals, sends and buffers");
      }
    }

    /** No take-over, 500 ms retransmission up to 6 sends, a keep-alive every 30 s, 4 KiB in, 64 KiB out, 10 s. */
    public static Options defaults() {
      return new Options(false, Duration.ofMillis(500), 6, Duration.ofSeconds(30), 4096, 65536,
          Duration.ofSeconds(10));
    }

    public Options withTakeOver(boolean value) {
      return new Options(value, retryInterval, maxSends, keepAliveInterval, inputBuffer, outputBuffer,
          writeTimeout);
    }

    public Options withKeepAliveInterval(Duration value) {
      return new Options(takeOver, retryInterval, maxSends, value, inputBuffer, outputBuffer, writeTimeout);
    }

    public Options withOutputBuffer(int value) {
      return new Options(takeOver, retryInterval, maxSends, keepAliveInterval, inputBuffer, value, writeTimeout);
    }
  }

  private static final Logger log = LoggerFactory.getLogger(SolSession.class);
  private static final int PAYLOAD_SOL = 1;
  private static final int INSTANCE = 1;
  /** Activate Payload auxiliary data: encrypted (bit 7) and authenticated (bit 6), serial alerts deferred (bits 3:2). */
  private static final int ENCRYPTED_AUTHENTICATED_ALERTS_DEFERRED = 0xc4;
  private static final int PAYLOAD_ALREADY_ACTIVE = 0x80;
  private static final int PAYLOAD_DISABLED = 0x81;
  private static final int ACTIVATION_LIMIT_REACHED = 0x82;
  private static final int CANNOT_ACTIVATE_WITH_ENCRYPTION = 0x83;
  private static final int CANNOT_ACTIVATE_WITHOUT_ENCRYPTION = 0x84;
  private static final int PAYLOAD_ALREADY_DEACTIVATED = 0x80;
  private static final IpmiRequest DEACTIVATE = IpmiRequest.of("Deactivate Payload", IpmiRequest.NETFN_APP, 0x49,
      PAYLOAD_SOL, INSTANCE, 0, 0, 0, 0);
  private static final IpmiRequest INSTANCE_INFO = IpmiRequest.of("Get Payload Instance Info",
      IpmiRequest.NETFN_APP, 0x4b, PAYLOAD_SOL, INSTANCE);
  /** The longest the reader waits for a datagram before it looks at its timers. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A keep-alive request awaiting its answer. */
  private record KeepAlive(int rqSeq, byte[] message, int sends, long sentAtNanos) {
  }

  private final IpmiSession session;
  private final Options options;
  private final Listener listener;
  private final int ownSessionId;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition spaceOrEnd = lock.newCondition();
  private final SolStateMachine machine;
  private final Thread reader;
  private final SolOutput output;
  private long nextKeepAliveNanos;
  private KeepAlive keepAlive;
  private BmcException sendFailure;
  /** Set once: why the session ended (a BMC-side reason) or that close() ended it. */
  private BmcException endCause;
  private boolean ended;
  private volatile boolean stopReading;

  private SolSession(IpmiSession session, Options options, Listener listener, int ownSessionId, int maxCharacters) {
    this.session = session;
    this.options = options;
    this.listener = listener;
    this.ownSessionId = ownSessionId;
    this.machine = new SolStateMachine(new SolStateMachine.Sink() {
      @Override
      public void send(SolPacket packet) {
        sendPacket(RmcpPacket.SOL, packet.encode());
      }

      @Override
      public void hostOutput(byte[] characters) {
        output.offer(characters);
      }
    }, maxCharacters, options.retryInterval().toNanos(), options.maxSends(), options.inputBuffer());
    var name = session.link().describe();
    this.reader = new Thread(this::readLoop, "sol-reader-" + name);
    this.output = new SolOutput(listener, options.outputBuffer(), name);
    reader.setDaemon(true);
  }

  /**
   * Logs in to the endpoint's BMC on a session of its own and activates SOL on it. REJECTED when another session has
   * SOL active (unless options take it over) or the BMC refuses; UNSUPPORTED when the BMC has no SOL or has it
   * disabled; AUTH_FAILED and UNREACHABLE as for any login.
   */
  public static SolSession open(BmcEndpoint endpoint, Options options, Listener listener) throws BmcException {
    var session = IpmiClient.login(endpoint);
    try {
      return activate(session, options, listener);
    } catch (BmcException | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** Activates SOL on an established session, which from now on belongs to the SOL session (closed with it). */
  static SolSession activate(IpmiSession session, Options options, Listener listener) throws BmcException {
    Objects.requireNonNull(listener, "listener");
    int own = session.bmcSessionId();
    if (options.takeOver()) {
      var answer = session.call(DEACTIVATE);
      if (answer.completionCode() != CompletionCode.OK && answer.completionCode() != PAYLOAD_ALREADY_DEACTIVATED) {
        answer.require(0);
      }
    }
    var answer = session.call(IpmiRequest.of("Activate Payload", IpmiRequest.NETFN_APP, 0x48, PAYLOAD_SOL, INSTANCE,
        ENCRYPTED_AUTHENTICATED_ALERTS_DEFERRED, 0, 0, 0));
    var data = switch (answer.completionCode()) {
      case PAYLOAD_ALREADY_ACTIVE -> throw new BmcException(Kind.REJECTED, "Serial over LAN is already active in "
          + "another session on the BMC at " + session.link().describe() + " (completion code 0x80); open it with "
          + "takeOver to end that session's console");
      case PAYLOAD_DISABLED -> throw new BmcException(Kind.UNSUPPORTED, "Serial over LAN is disabled on the BMC at "
          + session.link().describe() + " (completion code 0x81)");
      case ACTIVATION_LIMIT_REACHED -> throw new BmcException(Kind.REJECTED, "the BMC at "
          + session.link().describe() + " reached its limit of active Serial over LAN sessions (completion code "
          + "0x82)");
      case CANNOT_ACTIVATE_WITH_ENCRYPTION, CANNOT_ACTIVATE_WITHOUT_ENCRYPTION -> throw new BmcException(
          Kind.UNSUPPORTED, "the BMC at " + session.link().describe() + " cannot run Serial over LAN encrypted and "
          + "authenticated as this session is (completion code 0x" + Integer.toHexString(answer.completionCode())
          + ")");
      default -> answer.require(10);
    };
    var fields = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int inboundSize = fields.getShort(4) & 0xffff;
    int port = fields.getShort(8) & 0xffff;
    if (port != session.link().port() && port != 0) {
      deactivateQuietly(session);
      throw new BmcException(Kind.UNSUPPORTED, "the BMC at " + session.link().describe() + " serves Serial over LAN "
          + "on another UDP port (" + port + "), which this client does not follow");
    }
    // the inbound payload size counts the 4-byte SOL header; ipmi_sim offers 32
    int maxCharacters = Math.max(1, Math.min(255, inboundSize - SolPacket.HEADER_LENGTH));
    var sol = new SolSession(session, options, listener, own, maxCharacters);
    sol.start();
    log.debug("Serial over LAN active on {} ({} characters a packet)", session.link().describe(), maxCharacters);
    return sol;
  }

  /**
   * Queues the bytes to be typed on the host's serial console, blocking while the input buffer is full for at most
   * the options' write timeout. UNREACHABLE when that passes; the session's end cause (REJECTED or UNREACHABLE)
   * when it ended; IllegalStateException after {@link #close}.
   */
  public void write(byte[] bytes) throws BmcException, InterruptedException {
    lock.lock();
    try {
      long deadline = System.nanoTime() + options.writeTimeout().toNanos();
      int offset = 0;
      while (offset < bytes.length) {
        failIfEnded();
        if (machine.space() == 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new BmcException(Kind.UNREACHABLE, "the BMC at " + session.link().describe() + " took no console "
                + "input for " + options.writeTimeout().toMillis() + " ms");
          }
          spaceOrEnd.awaitNanos(left);
          continue;
        }
        offset += machine.offer(bytes, offset, bytes.length - offset, System.nanoTime());
        settle();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the session still runs. */
  public boolean isOpen() {
    lock.lock();
    try {
      return !ended;
    } finally {
      lock.unlock();
    }
  }

  /** Host output dropped because the listener did not take it fast enough. */
  public long droppedOutputBytes() {
    return output.dropped();
  }

  /**
   * Deactivates SOL (only when this session still holds it: another may have taken it over) and logs out. Input
   * not yet acknowledged by the BMC is discarded. The listener's {@link Listener#closed} follows the last output.
   */
  @Override
  public void close() {
    lock.lock();
    boolean wasOpen;
    try {
      wasOpen = !ended;
      if (!ended) {
        ended = true;
        spaceOrEnd.signalAll();
      }
    } finally {
      lock.unlock();
    }
    stopReader();
    if (wasOpen) {
      try {
        var owner = session.call(INSTANCE_INFO);
        if (owner.completionCode() != CompletionCode.OK || owner.data().length < 4
            || ByteBuffer.wrap(owner.data()).order(ByteOrder.LITTLE_ENDIAN).getInt() == ownSessionId) {
          var answer = session.call(DEACTIVATE);
          if (answer.completionCode() != CompletionCode.OK
              && answer.completionCode() != PAYLOAD_ALREADY_DEACTIVATED) {
            log.debug("the BMC at {} refused to deactivate Serial over LAN: {}", session.link().describe(),
                CompletionCode.describe(answer.completionCode()));
          }
        }
      } catch (BmcException e) {
        log.debug("deactivating Serial over LAN on {} failed: {}", session.link().describe(), e.getMessage());
      }
    }
    session.close();
    output.finish(endCause());
    output.awaitDelivered();
  }

  private void start() {
    lock.lock();
    try {
      long now = System.nanoTime();
      nextKeepAliveNanos = now + options.keepAliveInterval().toNanos();
      machine.start(now);
      settle();
    } finally {
      lock.unlock();
    }
    output.start();
    reader.start();
  }

  /** Reads the BMC's datagrams and runs the timers, until closed or the session ends. */
  private void readLoop() {
    var link = session.link();
    try {
      while (!stopReading) {
        long wait;
        lock.lock();
        try {
          long now = System.nanoTime();
          long next = Math.min(machine.nextDeadline(), keepAliveDeadline());
          wait = Math.max(1_000_000, Math.min(POLL_NANOS, next - now));
        } finally {
          lock.unlock();
        }
        try {
          var datagram = link.receive(Duration.ofNanos(wait));
          var packet = datagram == null ? null : session.unseal(datagram);
          lock.lock();
          try {
            if (ended) {
              return;
            }
            long now = System.nanoTime();
            if (packet != null && packet.payloadType() == RmcpPacket.SOL) {
              machine.receive(SolPacket.decode(packet.payload()), now);
            } else if (packet != null && packet.payloadType() == RmcpPacket.IPMI_MESSAGE) {
              keepAliveAnswered(packet.payload(), now);
            }
            machine.tick(now);
            keepAliveTick(now);
            settle();
          } finally {
            lock.unlock();
          }
        } catch (BmcException e) {
          if (e.kind() != Kind.PROTOCOL) {
            lock.lock();
            try {
              fail(e);
            } finally {
              lock.unlock();
            }
            return;
          }
          log.debug("ignoring a malformed datagram from {}: {}", link.describe(), e.getMessage());
        }
      }
    } finally {
      afterReading();
    }
  }

  /** After a BMC-side end: log out without deactivating (SOL is no longer this session's) and end the output. */
  private void afterReading() {
    var cause = endCause();
    if (cause != null) {
      session.close();
      output.finish(cause);
    }
  }

  private BmcException endCause() {
    lock.lock();
    try {
      return endCause;
    } finally {
      lock.unlock();
    }
  }

  private long keepAliveDeadline() {
    return keepAlive == null ? nextKeepAliveNanos : keepAlive.sentAtNanos() + options.retryInterval().toNanos() * 2;
  }

  /** Sends Get Payload Instance Info when its time came, and again when its answer is late (callers hold the lock). */
  private void keepAliveTick(long now) {
    if (ended) {
      return;
    }
    if (keepAlive == null) {
      if (now - nextKeepAliveNanos >= 0) {
        int rqSeq = session.reserveRqSeq();
        keepAlive = new KeepAlive(rqSeq, IpmiMessage.encodeRequest(INSTANCE_INFO, rqSeq), 1, now);
        sendPacket(RmcpPacket.IPMI_MESSAGE, keepAlive.message());
      }
      return;
    }
    if (now - keepAliveDeadline() < 0) {
      return;
    }
    if (keepAlive.sends() >= options.maxSends()) {
      fail(new BmcException(Kind.UNREACHABLE, "the BMC at " + session.link().describe() + " stopped answering "
          + "during Serial over LAN (no answer to " + options.maxSends() + " keep-alives)"));
      return;
    }
    keepAlive = new KeepAlive(keepAlive.rqSeq(), keepAlive.message(), keepAlive.sends() + 1, now);
    sendPacket(RmcpPacket.IPMI_MESSAGE, keepAlive.message());
  }

  /** The keep-alive's answer names the session holding SOL: another one, or none, ends this one. */
  private void keepAliveAnswered(byte[] message, long now) throws BmcException {
    if (keepAlive == null || IpmiMessage.responseSequence(message) != keepAlive.rqSeq()) {
      return;
    }
    var answer = IpmiMessage.decodeResponse(message, INSTANCE_INFO);
    keepAlive = null;
    nextKeepAliveNanos = now + options.keepAliveInterval().toNanos();
    if (answer.completionCode() != CompletionCode.OK || answer.data().length < 4) {
      return; // the BMC answered, so the session is alive; it just does not say who holds SOL
    }
    int owner = ByteBuffer.wrap(answer.data()).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (owner != ownSessionId) {
      fail(new BmcException(Kind.REJECTED, owner == 0
          ? "Serial over LAN was deactivated on the BMC at " + session.link().describe()
          : "another session took Serial over LAN over on the BMC at " + session.link().describe()));
    }
  }

  /** Acts on what the machine and the timers decided (callers hold the lock). */
  private void settle() {
    if (ended) {
      return;
    }
    var cause = sendFailure != null ? sendFailure : machine.ended();
    if (cause != null) {
      fail(cause);
      return;
    }
    spaceOrEnd.signalAll();
  }

  /** Ends the session for a reason of the BMC's (callers hold the lock); the reader tidies up. */
  private void fail(BmcException cause) {
    if (ended) {
      return;
    }
    ended = true;
    endCause = cause;
    stopReading = true;
    spaceOrEnd.signalAll();
    log.info("Serial over LAN to {} ended: {}", session.link().describe(), cause.getMessage());
  }

  private static void deactivateQuietly(IpmiSession session) {
    try {
      session.call(DEACTIVATE);
    } catch (BmcException e) {
      log.debug("deactivating Serial over LAN on {} failed: {}", session.link().describe(), e.getMessage());
    }
  }

  private void sendPacket(int payloadType, byte[] payload) {
    try {
      session.link().send(session.seal(payloadType, payload));
    } catch (BmcException e) {
      if (sendFailure == null) {
        sendFailure = e;
      }
    }
  }

  private void stopReader() {
    stopReading = true;
    if (Thread.currentThread() != reader) {
      try {
        reader.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void failIfEnded() throws BmcException {
    if (endCause != null) {
      throw new BmcException(endCause.kind(), endCause.getMessage());
    }
    if (ended) {
      throw new IllegalStateException("the Serial over LAN session to " + session.link().describe() + " is closed");
    }
  }
}
