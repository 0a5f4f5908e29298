package dev.anvil.protocol;

import static dev.anvil.protocol.ProtocolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.protocol.agent.v1.AgentHubGrpc;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.HubMessage;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol over a real gRPC stream (in-process transport): a stand-in hub that does just enough to
 * exercise every message, behind an interceptor that checks the bearer token as the real hub must.
 */
class AgentHubStreamTest {

  private static final String TOKEN = "bootstrap-7a1f9c";

  private final StandInHub hub = new StandInHub(List.of(runAttempt(1), cancelAttempt(2)));
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    var name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name)
        .maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES)
        .addService(ServerInterceptors.intercept(hub, new BearerTokenInterceptor(TOKEN)))
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(name).maxInboundMessageSize(AgentProtocol.MAX_MESSAGE_BYTES).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void helloIsWelcomedThenCommandsFlowAndReportsAreAcknowledged() throws Exception {
    var fromHub = new Inbox<HubMessage>();
    var toHub = agentStub(TOKEN).connect(fromHub);

    toHub.onNext(AgentMessage.newBuilder().setHello(hello(0)).build());

    var welcome = fromHub.next();
    assertThat(welcome.getBodyCase()).isEqualTo(HubMessage.BodyCase.WELCOME);
    assertThat(welcome.getWelcome().getLastStoredReportSeq()).isZero();
    assertThat(welcome.getWelcome().getProtocolVersion()).isEqualTo(AgentProtocol.PROTOCOL_VERSION);
    var run = fromHub.next().getCommand();
    assertThat(run.getCommandSeq()).isEqualTo(1);
    assertThat(run.getKindCase()).isEqualTo(Command.KindCase.RUN_ATTEMPT);
    assertThat(AttemptId.parse(run.getRunAttempt().getAttemptId()))
        .isEqualTo(new AttemptId(run.getRunAttempt().getJobUid(), run.getRunAttempt().getAttempt()));
    assertThat(fromHub.next().getCommand().getCancelAttempt().getAttemptId()).isEqualTo(ATTEMPT_ID);

    toHub.onNext(AgentMessage.newBuilder().setAck(ack(2, 1)).build());
    toHub.onNext(AgentMessage.newBuilder().setReport(attemptStarted(1)).build());
    toHub.onNext(AgentMessage.newBuilder().setHeartbeat(heartbeat()).build());
    toHub.onNext(AgentMessage.newBuilder().setReport(logLines(2)).build());
    toHub.onNext(AgentMessage.newBuilder().setReport(attemptFinished(3)).build());

    assertThat(List.of(fromHub.next(), fromHub.next(), fromHub.next()))
        .extracting(m -> m.getReportAck().getReportSeq())
        .containsExactly(1L, 2L, 3L);
    toHub.onCompleted();
    assertThat(fromHub.awaitEnd()).isNull();
    assertThat(hub.received)
        .extracting(AgentMessage::getBodyCase)
        .containsExactly(AgentMessage.BodyCase.HELLO, AgentMessage.BodyCase.ACK, AgentMessage.BodyCase.REPORT,
            AgentMessage.BodyCase.HEARTBEAT, AgentMessage.BodyCase.REPORT, AgentMessage.BodyCase.REPORT);
    assertThat(hub.received.get(4).getReport()).isEqualTo(logLines(2));
  }

  @Test
  void wrongTokenIsRefusedWithUnauthenticatedAndNoMessage() throws Exception {
    assertRefused(agentStub("not-the-token"));
  }

  @Test
  void missingTokenIsRefusedWithUnauthenticatedAndNoMessage() throws Exception {
    assertRefused(AgentHubGrpc.newStub(channel));
  }

  private void assertRefused(AgentHubGrpc.AgentHubStub stub) throws Exception {
    var fromHub = new Inbox<HubMessage>();
    var toHub = stub.connect(fromHub);
    toHub.onNext(AgentMessage.newBuilder().setHello(hello(0)).build());

    var error = fromHub.awaitEnd();

    assertThat(error).isInstanceOf(StatusRuntimeException.class);
    var status = ((StatusRuntimeException) error).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(status.getDescription()).doesNotContain("not-the-token").doesNotContain(TOKEN);
    assertThat(fromHub.isEmpty()).isTrue();
    assertThat(hub.streams).hasValue(0);
  }

  private AgentHubGrpc.AgentHubStub agentStub(String token) {
    return AgentHubGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(AgentAuthorization.headers(token)));
  }

  /** Refuses a call without the expected bearer token before the service sees it. */
  private static final class BearerTokenInterceptor implements ServerInterceptor {

    private final byte[] expected;

    BearerTokenInterceptor(String token) {
      this.expected = token.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
        ServerCallHandler<Q, A> next) {
      var token = AgentAuthorization.token(headers);
      if (token.isEmpty() || !MessageDigest.isEqual(expected, token.get().getBytes(StandardCharsets.US_ASCII))) {
        call.close(Status.UNAUTHENTICATED.withDescription("missing or wrong agent token"), new Metadata());
        return new ServerCall.Listener<>() {
        };
      }
      return next.startCall(call, headers);
    }
  }

  /**
   * Just enough hub for the test: welcomes a Hello with the stored position, sends the commands above
   * the agent's executed position, stores reports once and acknowledges them.
   */
  private static final class StandInHub extends AgentHubGrpc.AgentHubImplBase {

    final List<AgentMessage> received = new CopyOnWriteArrayList<>();
    final List<dev.anvil.protocol.agent.v1.Report> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger streams = new AtomicInteger();
    private final List<Command> commands;

    StandInHub(List<Command> commands) {
      this.commands = commands;
    }

    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<HubMessage> toAgent) {
      var session = streams.incrementAndGet();
      return new StreamObserver<>() {
        @Override
        public void onNext(AgentMessage message) {
          received.add(message);
          switch (message.getBodyCase()) {
            case HELLO -> {
              toAgent.onNext(HubMessage.newBuilder()
                  .setWelcome(welcome(lastStored()).toBuilder().setSessionId("session-" + session))
                  .build());
              commands.stream()
                  .filter(c -> c.getCommandSeq() > message.getHello().getLastExecutedCommandSeq())
                  .forEach(c -> toAgent.onNext(HubMessage.newBuilder().setCommand(c).build()));
            }
            case REPORT -> {
              if (message.getReport().getReportSeq() > lastStored()) {
                stored.add(message.getReport());
              }
              toAgent.onNext(HubMessage.newBuilder().setReportAck(reportAck(lastStored())).build());
            }
            default -> {
              // heartbeats and acks: nothing to answer
            }
          }
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onCompleted() {
          toAgent.onCompleted();
        }
      };
    }

    private long lastStored() {
      return stored.isEmpty() ? 0 : stored.get(stored.size() - 1).getReportSeq();
    }
  }
}
