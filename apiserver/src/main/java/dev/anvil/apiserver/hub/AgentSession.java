package dev.anvil.apiserver.hub;

import com.google.protobuf.Duration;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.ReportAck;
import dev.anvil.protocol.agent.v1.Welcome;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's stream on this replica: Hello/Welcome, then heartbeats into the registry, reports into the store
 * (acknowledged once stored, at most {@code reportWindow} in flight), acks trimming the command stream, and
 * commands from the poller out to the agent.
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
  private Set<String> features = Set.of();
  private long lastQueuedReport;
  private long acknowledgedReport;
  private long trimmedCommands;
  private boolean inboundDone;
  private long welcomedAt;

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
            hub.registry().heartbeat(agentId, message.getHeartbeat());
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
      sessionValue = AgentRegistryWriter.sessionValue(sessionId, hub.replicaId());
      features = Set.copyOf(hello.getFeaturesList());
    }
    hub.registry().welcome(hello, sessionId, hub.replicaId()).whenComplete((lastStored, error) -> {
      if (error != null) {
        LOG.warn("agent {}: cannot register in Redis: {}", agentId, error.getMessage());
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
    if (seq <= lastQueuedReport) {
      fail(Status.INVALID_ARGUMENT.withDescription("report_seq " + seq + " does not increase (previous "
          + lastQueuedReport + ")"));
      return;
    }
    var previous = lastQueuedReport;
    lastQueuedReport = seq;
    try {
      hub.reports().store(agentId, sessionValue, previous, report).whenComplete((outcome, error) -> {
        if (error != null) {
          LOG.warn("agent {}: storing report {} failed: {}", agentId, seq, error.getMessage());
          fail(Status.UNAVAILABLE.withDescription("the hub cannot store reports right now; replay later"));
          return;
        }
        switch (outcome) {
          case STORED, DUPLICATE -> acknowledge(seq);
          case GAP -> fail(Status.UNAVAILABLE.withDescription("report " + previous
              + " was not stored; reconnect and replay from the Welcome position"));
          case SUPERSEDED -> superseded();
        }
      });
    } catch (IllegalArgumentException e) {
      fail(Status.INVALID_ARGUMENT.withDescription("report " + seq + ": " + e.getMessage()));
    }
  }

  private void acknowledge(long seq) {
    synchronized (this) {
      if (state != State.OPEN || seq <= acknowledgedReport) {
        return;
      }
      acknowledgedReport = seq;
      toAgent.onNext(HubMessage.newBuilder().setReportAck(ReportAck.newBuilder().setReportSeq(seq)).build());
    }
    toAgent.request(1);
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
      if (!inboundDone || acknowledgedReport < lastQueuedReport || state == State.CLOSED) {
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
    hub.poller().unsubscribe(agentId, this);
    if (clean) {
      hub.registry().ended(agentId, sessionValue);
    }
    LOG.info("agent {} session {} ended{}", agentId, sessionId, clean ? " cleanly" : "");
  }
}
