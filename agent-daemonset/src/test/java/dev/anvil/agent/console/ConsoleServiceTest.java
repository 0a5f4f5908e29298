package dev.anvil.agent.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.protocol.agent.v1.ConsoleClose;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import dev.anvil.protocol.agent.v1.ConsoleOpen;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console relay without a network: serial fan-out, writer roles, sequence checks, refusals and ends. */
class ConsoleServiceTest {

  private static final String HOST = "uid-r640-17";
  private static final Duration WAIT = RecordingLink.WAIT;

  private final Map<String, ConsoleSettings> served = new ConcurrentHashMap<>();
  private final FakeSerialLines lines = new FakeSerialLines();
  private final RecordingLink link = new RecordingLink();
  private ConsoleService service;

  @BeforeEach
  void start() {
    served.put(HOST, ConsoleAddressesTest.settings("ipmi://10.1.2.17", "", ""));
    service = new ConsoleService(uid -> Optional.ofNullable(served.get(uid)), lines);
    service.attach(link);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  static ConsoleRequest open(String stream, String host, ConsoleKind kind, String user, boolean write,
      boolean takeOver) {
    return ConsoleRequest.newBuilder().setStreamId(stream).setOpen(ConsoleOpen.newBuilder().setHostUid(host)
        .setKind(kind).setUser(user).setWrite(write).setTakeOver(takeOver)).build();
  }

  static ConsoleRequest input(String stream, long seq, String text) {
    return ConsoleRequest.newBuilder().setStreamId(stream).setInput(ConsoleData.newBuilder().setSeq(seq)
        .setData(ByteString.copyFrom(text, StandardCharsets.ISO_8859_1))).build();
  }

  static ConsoleRequest close(String stream) {
    return ConsoleRequest.newBuilder().setStreamId(stream).setClose(ConsoleClose.newBuilder().setReason("left"))
        .build();
  }

  private ConsoleEvent openSerial(String stream, String user, boolean write) {
    service.request(open(stream, HOST, ConsoleKind.SERIAL, user, write, false));
    return link.awaitOpened(stream);
  }

  @Test
  void streamsOfAHostShareOneLineAndAllSeeAllOutputNumberedFromOne() {
    assertThat(openSerial("a", "alice", true).getOpened().getWriter()).isTrue();
    assertThat(openSerial("b", "bob", false).getOpened().getMessage()).isEqualTo("read-only: alice has the console");
    assertThat(lines.opened).hasSize(1);

    lines.last().hostWrites("login: ");
    lines.last().hostWrites("root\r\n");

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(link.output("a")).isEqualTo("login: root\r\n");
      assertThat(link.output("b")).isEqualTo("login: root\r\n");
    });
    assertThat(link.outputSeqs("a")).first().isEqualTo(1L);
    assertThat(link.outputSeqs("a")).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theWritersInputReachesTheHostAndAReadersIsDroppedWithOneNotice() {
    openSerial("a", "alice", true);
    openSerial("b", "bob", false);

    service.request(input("a", 1, "ls"));
    service.request(input("b", 1, "rm -rf /"));
    service.request(input("b", 2, "again"));
    service.request(input("a", 2, "\r"));

    await().atMost(WAIT).until(() -> lines.last().typed().equals("ls\r"));
    await().atMost(WAIT).until(() -> link.roles("b").size() == 1);
    assertThat(link.roles("b").get(0).getRole().getWriter()).isFalse();
    assertThat(link.roles("b").get(0).getRole().getMessage()).contains("read-only").contains("alice");
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> link.roles("b").size() == 1);
  }

  @Test
  void whenTheWriterLeavesTheOldestAskerWritesAndTheLastToLeaveClosesTheLine() {
    openSerial("a", "alice", true);
    openSerial("b", "bob", true);

    service.request(close("a"));

    await().atMost(WAIT).until(() -> link.roles("b").size() == 1);
    assertThat(link.roles("b").get(0).getRole().getWriter()).isTrue();
    assertThat(link.roles("b").get(0).getRole().getMessage()).contains("alice left");
    service.request(input("b", 1, "x"));
    await().atMost(WAIT).until(() -> lines.last().typed().equals("x"));
    assertThat(lines.last().closed).isFalse();
    assertThat(link.of("a")).noneMatch(ConsoleEvent::hasClosed);

    service.request(close("b"));

    await().atMost(WAIT).until(() -> lines.last().closed);
    assertThat(service.openStreams()).isZero();
  }

  @Test
  void takeOverMovesTheRoleAndTellsThePreviousWriterWhoTookIt() {
    openSerial("a", "alice", true);
    service.request(open("b", HOST, ConsoleKind.SERIAL, "bob", false, true));

    assertThat(link.awaitOpened("b").getOpened().getWriter()).isTrue();
    await().atMost(WAIT).until(() -> link.roles("a").size() == 1);
    assertThat(link.roles("a").get(0).getRole().getWriter()).isFalse();
    assertThat(link.roles("a").get(0).getRole().getMessage()).isEqualTo("read-only: bob took the console over");
  }

  @Test
  void aGapInTheInputEndsThatStreamOnly() {
    openSerial("a", "alice", true);
    openSerial("b", "bob", false);

    service.request(input("a", 1, "a"));
    service.request(input("a", 3, "c"));

    var closed = link.awaitClosed("a").getClosed();
    assertThat(closed.getReason()).isEqualTo("GAP");
    assertThat(closed.getMessage()).contains("frame 2 expected, 3 arrived");
    // b inherits nothing (it never asked to write) but keeps its stream and the line
    lines.last().hostWrites("still here");
    await().atMost(WAIT).untilAsserted(() -> assertThat(link.output("b")).endsWith("still here"));
    assertThat(lines.last().typed()).isEqualTo("a");
  }

  @Test
  void aHostTheAgentDoesNotServeIsNotServedAndAHostWithoutVncHasNoConsole() {
    service.request(open("s", "uid-unknown", ConsoleKind.SERIAL, "alice", true, false));
    service.request(open("v", HOST, ConsoleKind.VNC, "alice", true, false));

    assertThat(link.awaitClosed("s").getClosed().getReason()).isEqualTo("NOT_SERVED");
    assertThat(link.awaitClosed("v").getClosed().getReason()).isEqualTo("NO_CONSOLE");
    assertThat(link.of("s")).hasSize(1);
    assertThat(service.openStreams()).isZero();
  }

  @Test
  void aRefusedActivationClosesTheStreamWithTheBmcsKindAndNoCredential() {
    lines.refusal = new BmcException(BmcException.Kind.AUTH_FAILED, "the BMC at 10.1.2.17:623 rejected user root");

    service.request(open("a", HOST, ConsoleKind.SERIAL, "alice", true, false));

    var closed = link.awaitClosed("a").getClosed();
    assertThat(closed.getReason()).isEqualTo("AUTH_FAILED");
    assertThat(closed.getMessage()).contains("rejected user root").doesNotContain("pw-Secret-7");
    assertThat(service.openStreams()).isZero();
  }

  @Test
  void aLineTheBmcEndsEndsEveryStream() {
    openSerial("a", "alice", true);
    openSerial("b", "bob", false);

    lines.last().bmcEnds(new BmcException(BmcException.Kind.REJECTED, "Serial over LAN was deactivated"));

    assertThat(link.awaitClosed("a").getClosed().getReason()).isEqualTo("ENDED");
    assertThat(link.awaitClosed("b").getClosed().getMessage()).isEqualTo("Serial over LAN was deactivated");
    assertThat(service.openStreams()).isZero();

    // the next viewer gets a fresh line
    openSerial("c", "carol", true);
    assertThat(lines.opened).hasSize(2);
  }

  @Test
  void whenTheHubStreamDropsEveryConsoleStreamEndsWithoutAWord() {
    openSerial("a", "alice", true);
    openSerial("b", "bob", false);
    var before = link.events.size();

    service.detach(link);

    await().atMost(WAIT).until(() -> lines.last().closed);
    assertThat(service.openStreams()).isZero();
    lines.last().hostWrites("lost");
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> link.events.size() == before);
  }

  @Test
  void eventsAStreamThatDroppedCouldNotTakeAreDroppedWithIt() {
    openSerial("a", "alice", true);
    link.ready = false;
    service.request(open("refused", "uid-unknown", ConsoleKind.SERIAL, "bob", true, false));
    lines.last().hostWrites("pending output");
    await().atMost(WAIT).until(() -> service.pendingOutboxes() == 2);

    service.detach(link);

    assertThat(service.pendingOutboxes()).isZero();
  }

  @Test
  void releasingTheHostClosesItsConsoles() {
    openSerial("a", "alice", true);

    served.remove(HOST);
    service.hostReleased(HOST);

    assertThat(link.awaitClosed("a").getClosed().getReason()).isEqualTo("NOT_SERVED");
    await().atMost(WAIT).until(() -> lines.last().closed);
  }

  @Test
  void serialOutputWaitsWhileTheTransportIsNotReadyAndLosesOnlyTheOldestBytes() {
    openSerial("a", "alice", true);
    await().atMost(WAIT).until(() -> !link.of("a").isEmpty());
    link.ready = false;
    var line = lines.last();
    var chunk = "0123456789abcdef".repeat(1024); // 16 KiB
    for (int i = 0; i < 8; i++) {
      line.hostWrites(chunk);
    }
    line.hostWrites("<end>");
    await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> link.outputSeqs("a").isEmpty());

    link.ready = true;
    service.ready();

    await().atMost(WAIT).untilAsserted(() -> assertThat(link.output("a")).endsWith("<end>"));
    assertThat(link.output("a").length()).isEqualTo(ConsoleService.SERIAL_OUTBOX_BYTES);
    assertThat(link.outputSeqs("a")).containsExactly(1L);
    assertThat(link.sentWhileNotReady).hasValue(0);
  }
}
