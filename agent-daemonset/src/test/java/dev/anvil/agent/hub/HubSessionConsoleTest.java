package dev.anvil.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.spool.MemoryReportSpool;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Welcome;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The hub stream hands console frames over, reports readiness, and ends the consoles once when it ends. */
class HubSessionConsoleTest {

  /** Records what the session tells the consoles. */
  private static final class RecordingConsoles implements ConsoleHandler {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile ConsoleLink link;

    @Override
    public void attach(ConsoleLink attached) {
      link = attached;
      calls.add("attach");
    }

    @Override
    public void request(ConsoleRequest request) {
      calls.add("request " + request.getStreamId());
    }

    @Override
    public void ready() {
      calls.add("ready");
    }

    @Override
    public void detach(ConsoleLink detached) {
      assertThat(detached).isSameAs(link);
      calls.add("detach");
    }
  }

  private static HubSession session(RecordingConsoles consoles, TransportStub transport) {
    var session = new HubSession(new ReportOutbox(new MemoryReportSpool(1, 1 << 20, 1_000)), new CommandHandler() {
      @Override
      public long execute(Command command) {
        return 0;
      }

      @Override
      public long executedCommandSeq() {
        return 0;
      }

      @Override
      public List<String> runningAttemptIds() {
        return List.of();
      }
    }, consoles);
    session.beforeStart(transport);
    return session;
  }

  @Test
  void consolesAttachOnTheWelcomeGetTheFramesAndDetachOnceWhenTheStreamEnds() {
    var consoles = new RecordingConsoles();
    var transport = new TransportStub();
    var session = session(consoles, transport);

    session.onNext(HubMessage.newBuilder().setWelcome(Welcome.newBuilder().setSessionId("s1")).build());
    session.onNext(HubMessage.newBuilder().setConsole(ConsoleRequest.newBuilder().setStreamId("c1")).build());
    transport.allow(1);
    session.onError(Status.UNAVAILABLE.asRuntimeException());
    session.onCompleted();

    assertThat(consoles.calls).containsExactly("attach", "request c1", "ready", "detach");
  }

  @Test
  void theLinkIsReadyOnlyWhileTheTransportIsAndTheStreamLives() {
    var consoles = new RecordingConsoles();
    var transport = new TransportStub();
    var session = session(consoles, transport);
    session.onNext(HubMessage.newBuilder().setWelcome(Welcome.newBuilder().setSessionId("s1")).build());
    var link = consoles.link;

    assertThat(link.isReady()).isFalse();
    transport.allow(1);
    assertThat(link.isReady()).isTrue();
    link.send(ConsoleEvent.newBuilder().setStreamId("c1").build());
    assertThat(transport.sent).singleElement().satisfies(m -> assertThat(m.getConsole().getStreamId()).isEqualTo("c1"));

    transport.allow(5);
    session.onCompleted();
    assertThat(link.isReady()).isFalse();
  }

  @Test
  void aStreamThatEndsBeforeItsWelcomeNeverAttachesTheConsoles() {
    var consoles = new RecordingConsoles();
    var session = session(consoles, new TransportStub());

    session.onError(Status.UNAUTHENTICATED.asRuntimeException());

    assertThat(consoles.calls).isEmpty();
  }
}
