package dev.anvil.apiserver.hub;

import com.google.protobuf.Duration;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.ReportAck;
import dev.anvil.protocol.agent.v1.Welcome;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's stream on this replica: Hello/Welcome, then heartbeats into the registry, reports into the store
 * (acknowledged once stored, at most {@code reportWindow} in flight), acks trimming the command stream, and
 * commands from the poller out to the agent.
 *
 * <p>The stream outlives an outage of the central Redis: reports that could not be stored are kept (the window
 * bounds them; the agent's spool holds the rest) and stored again in order every {@code redisRetry} until Redis
 * answers, and heartbeats go on, so the agent's entry is whole again at the first heartbeat after the outage.
 */
public final class AgentSession implements StreamObserver<AgentMessage> {

  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);

  private enum State { AWAITING_HELLO, WELCOMING, OPEN, CLOSED }

  private final ServerCallStreamObserver<HubMessage> toAgent;
  private final HubContext hub;
  private final String sessionId = UUID.randomUUID().toString();
  private State state = State.AWAITING_HELLO;
  private String agentId = "";
  private String sessionValue = "";
  private AgentRegistryWriter.Registration registration;
  private Set<String> features = Set.of();
  private long lastQueuedReport;
  private long acknowledgedReport;
  private long trimmedCommands;
  private boolean inboundDone;
  private long welcomedAt;
  /** Reports received and not yet acknowledged, in report_seq order. */
  private final TreeMap<Long, Report> unstored = new TreeMap<>();
  /** The report_seq the next store must find stored: the one handed to the store before it. */
  private long lastIssued;
  /** Counts failures; the results of an earlier round of stores are superseded by the retry of the whole window. */
  private int round;
  private boolean stalled;

  AgentSession(ServerCallStreamObserver<HubMessage> toAgent, HubContext hub) {
    this.toAgent = toAgent;
    this.hub = hub;
    // inbound flow control: reports are requested as earlier ones are stored, so a fast agent cannot pile up
    toAgent.disableAutoRequest();
    toAgent.request(1);
    toAgent.setOnCancelHandler(() -> ended(false));
  }

  public String agentId() {
    return agentId;
  }

  public String sessionValue() {
    return sessionValue;
  }

  @Override
  public void onNext(AgentMessage message) {
    State current;
    synchronized (this) {
      current = state;
    }
    switch (current) {
      case AWAITING_HELLO -> hello(message);
      case OPEN -> {
        switch (message.getBodyCase()) {
          case REPORT -> report(message.getReport());
          case HEARTBEAT -> {
            hub.registry().heartbeat(registration, message.getHeartbeat()).whenComplete((held, error) -> {
              if (error != null) {
                hub.outages().failed(error); // stale once Redis is back: not retried, the next one is sent
              } else if (held) {
                hub.outages().succeeded();
              } else {
                superseded();
              }
            });
            toAgent.request(1);
          }
          case ACK -> {
            var executed = message.getAck().getExecutedCommandSeq();
            if (executed > trimmedCommands) {
              trimmedCommands = executed;
              hub.poller().trimExecuted(agentId, executed);
            }
            toAgent.request(1);
          }
          case CONSOLE -> hub.consoles().fromAgent(this, message.getConsole())
              .whenComplete((done, error) -> toAgent.request(1));
          case HELLO -> fail(Status.INVALID_ARGUMENT.withDescription("Hello may only be the first message"));
          default -> toAgent.request(1); // a message kind from a newer agent: ignored, as the protocol says
        }
      }
      default -> {
        // WELCOMING requests nothing more, CLOSED ignores stragglers
      }
    }
  }

  private void hello(AgentMessage message) {
    if (!message.hasHello()) {
      fail(Status.INVALID_ARGUMENT.withDescription("the first message must be Hello, was " + message.getBodyCase()));
      return;
    }
    var hello = message.getHello();
    if (hello.getAgentId().isEmpty()) {
      fail(Status.INVALID_ARGUMENT.withDescription("Hello.agent_id is empty"));
      return;
    }
    if (hello.getProtocolVersion() != AgentProtocol.PROTOCOL_VERSION) {
      fail(Status.FAILED_PRECONDITION.withDescription("protocol version " + hello.getProtocolVersion()
          + " is not served by this hub; it serves " + AgentProtocol.PROTOCOL_VERSION));
      return;
    }
    synchronized (this) {
      state = State.WELCOMING;
      agentId = hello.getAgentId();
      registration = hub.registry().register(hello, sessionId, hub.replicaId());
      sessionValue = registration.sessionValue();
      features = Set.copyOf(hello.getFeaturesList());
    }
    hub.registry().welcome(registration).whenComplete((lastStored, error) -> {
      if (error != null) {
        hub.outages().failed(error);
        fail(Status.UNAVAILABLE.withDescription("the hub cannot reach its store; reconnect later"));
        return;
      }
      welcome(hello, lastStored);
    });
  }

  private void welcome(Hello hello, long lastStored) {
    synchronized (this) {
      if (state != State.WELCOMING) {
        return;
      }
      lastQueuedReport = lastStored;
      welcomedAt = lastStored;
      acknowledgedReport = lastStored;
      lastIssued = lastStored;
      trimmedCommands = hello.getLastExecutedCommandSeq();
      toAgent.onNext(HubMessage.newBuilder().setWelcome(Welcome.newBuilder()
          .setSessionId(sessionId)
          .setLastStoredReportSeq(lastStored)
          .setHeartbeatInterval(Duration.newBuilder()
              .setSeconds(hub.properties().heartbeatInterval().toSeconds())
              .setNanos(hub.properties().heartbeatInterval().toNanosPart()))
          .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION)).build());
      state = State.OPEN;
    }
    LOG.info("agent {} connected: session {}, node {}, last stored report {}, last executed command {}",
        agentId, sessionId, hello.getNodeName(), lastStored, hello.getLastExecutedCommandSeq());
    hub.sessions().claim(this);
    hub.consoles().attach(this);
    hub.poller().subscribe(agentId, this, hello.getLastExecutedCommandSeq());
    toAgent.request(Math.max(1, hub.properties().reportWindow()));
  }

  private void report(Report report) {
    var seq = report.getReportSeq();
    if (seq <= welcomedAt) {
      // a replay of what Welcome already called stored (the agent lost acks): nothing to store, ack again
      resendAck();
      return;
    }
    synchronized (this) {
      if (seq <= lastQueuedReport) {
        fail(Status.INVALID_ARGUMENT.withDescription("report_seq " + seq + " does not increase (previous "
            + lastQueuedReport + ")"));
        return;
      }
      lastQueuedReport = seq;
      unstored.put(seq, report); // first: a store that fails at once must find it for the retry
      if (!stalled) {
        try {
          store(seq, report);
        } catch (IllegalArgumentException e) {
          unstored.remove(seq);
          fail(Status.INVALID_ARGUMENT.withDescription("report " + seq + ": " + e.getMessage()));
        }
      }
    }
  }

  /** Hands one report to the store, chained to the one handed over before it (called holding the lock). */
  private void store(long seq, Report report) {
    var previous = lastIssued;
    lastIssued = seq;
    var storeRound = round;
    hub.reports().store(agentId, sessionValue, previous, report)
        .whenComplete((outcome, error) -> stored(storeRound, seq, outcome, error));
  }

  private void stored(int storeRound, long seq, ReportStore.Outcome outcome, Throwable error) {
    if (error == null && (outcome == ReportStore.Outcome.STORED || outcome == ReportStore.Outcome.DUPLICATE)) {
      hub.outages().succeeded();
      acknowledge(seq);
    } else if (error == null && outcome == ReportStore.Outcome.SUPERSEDED) {
      superseded();
    } else {
      // Redis failed, or an earlier report of this round did (GAP): the stream stays, the window is stored again
      if (error != null) {
        hub.outages().failed(error);
      }
      stall(storeRound);
    }
  }

  /** Stops storing until the retry, which stores every unacknowledged report again, in order. */
  private void stall(int failedRound) {
    synchronized (this) {
      if (state != State.OPEN || failedRound != round) {
        return; // an earlier failure of the same round has scheduled the retry already
      }
      round++;
      stalled = true;
    }
    hub.timer().schedule(this::retry, hub.properties().redisRetry().toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void retry() {
    if (state != State.OPEN) {
      return;
    }
    stalled = false;
    lastIssued = acknowledgedReport;
    for (var entry : List.copyOf(unstored.entrySet())) {
      if (stalled) {
        return; // failed at once: the next retry is scheduled
      }
      store(entry.getKey(), entry.getValue());
    }
  }

  /** {@code seq} and everything before it is stored: acknowledged, and as many new reports requested. */
  private void acknowledge(long seq) {
    int released;
    synchronized (this) {
      if (state != State.OPEN || seq <= acknowledgedReport) {
        return;
      }
      acknowledgedReport = seq;
      var done = unstored.headMap(seq, true);
      released = done.size();
      done.clear();
      toAgent.onNext(HubMessage.newBuilder().setReportAck(ReportAck.newBuilder().setReportSeq(seq)).build());
    }
    if (released > 0) {
      toAgent.request(released);
    }
    finishIfDrained();
  }

  private void resendAck() {
    synchronized (this) {
      if (state == State.OPEN) {
        toAgent.onNext(HubMessage.newBuilder()
            .setReportAck(ReportAck.newBuilder().setReportSeq(acknowledgedReport)).build());
      }
    }
    toAgent.request(1);
  }

  /** Sends a command from the agent's command stream, if the agent implements it (called by the poller). */
  void forward(Command command) {
    var feature = switch (command.getKindCase()) {
      case RUN_ATTEMPT -> Features.RUN_ATTEMPT;
      case CANCEL_ATTEMPT -> Features.CANCEL_ATTEMPT;
      case SERVE_BMC_HOST, RELEASE_BMC_HOST, BMC_ACTION -> Features.BMC;
      default -> null;
    };
    if (feature == null || !features.contains(feature)) {
      LOG.warn("agent {}: command {} ({}) not sent: the agent does not list the feature {}", agentId,
          command.getCommandSeq(), command.getKindCase(), feature);
      return;
    }
    Command resolved;
    try {
      resolved = hub.bmcSecrets().resolve(hub.secrets().resolve(command));
    } catch (SecretEnvResolver.SecretUnavailableException e) {
      LOG.warn("agent {}: command {} not sent: {}", agentId, command.getCommandSeq(), e.getMessage());
      hub.refusals().refused(agentId, command, e.getMessage());
      return;
    }
    synchronized (this) {
      if (state == State.OPEN) {
        toAgent.onNext(HubMessage.newBuilder().setCommand(resolved).build());
      }
    }
  }

  /** Sends a console frame, if the agent relays that kind of console (called by {@link AgentConsoles}). */
  void console(ConsoleRequest request) {
    if (request.hasOpen()) {
      var feature = request.getOpen().getKind() == ConsoleKind.VNC ? Features.CONSOLE_VNC : Features.CONSOLE_SERIAL;
      if (!features.contains(feature)) {
        hub.consoles().refuse(this, request.getStreamId(), "UNSUPPORTED",
            "agent " + agentId + " does not relay this kind of console (it does not list " + feature + ")");
        return;
      }
    }
    synchronized (this) {
      if (state == State.OPEN) {
        toAgent.onNext(HubMessage.newBuilder().setConsole(request).build());
      }
    }
  }

  /** A newer stream of this agent took over (here or on another replica). */
  void superseded() {
    fail(Status.ABORTED.withDescription("a newer stream of agent " + agentId + " replaced this one"));
  }

  /** Ends the stream now, e.g. when the hub shuts down. */
  void fail(Status status) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      toAgent.onError(status.asRuntimeException());
    }
    cleanUp(false);
  }

  @Override
  public void onError(Throwable error) {
    ended(false);
  }

  @Override
  public void onCompleted() {
    synchronized (this) {
      inboundDone = true;
    }
    finishIfDrained();
  }

  /** The agent closed its side: end the stream once every report it sent is stored and acknowledged. */
  private void finishIfDrained() {
    synchronized (this) {
      if (!inboundDone || !unstored.isEmpty() || state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      toAgent.onCompleted();
    }
    cleanUp(true);
  }

  private void ended(boolean clean) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    cleanUp(clean);
  }

  private void cleanUp(boolean clean) {
    if (agentId.isEmpty()) {
      return;
    }
    hub.sessions().release(this);
    hub.consoles().detach(this);
    hub.poller().unsubscribe(agentId, this);
    if (clean) {
      hub.registry().ended(agentId, sessionValue);
    }
    LOG.info("agent {} session {} ended{}", agentId, sessionId, clean ? " cleanly" : "");
  }
}
