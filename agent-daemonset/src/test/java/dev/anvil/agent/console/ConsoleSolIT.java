package dev.anvil.agent.console;

import static dev.anvil.agent.console.ConsoleServiceTest.close;
import static dev.anvil.agent.console.ConsoleServiceTest.input;
import static dev.anvil.agent.console.ConsoleServiceTest.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.agent.bmc.ipmi.SolSession;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Serial consoles through the relay against a real BMC (ipmi_sim), whose SOL reaches a fake host serial port that
 * echoes what it gets: ConsoleRequests in, ConsoleEvents out.
 */
class ConsoleSolIT {

  private static final String HOST = "uid-ipmi-sim";
  private static final Duration WAIT = RecordingLink.WAIT;
  private static final int KEYSTROKES = 500;
  private static IpmiSimulator sim;

  private final Map<String, ConsoleSettings> served = new ConcurrentHashMap<>();
  private final RecordingLink link = new RecordingLink();
  private ConsoleService service;

  @BeforeAll
  static void startBmc() {
    sim = IpmiSimulator.start();
  }

  @AfterAll
  static void stopBmc() {
    sim.close();
  }

  @BeforeEach
  void start() {
    serve(HOST, sim.port(), IpmiSimulator.PASSWORD);
    // keep-alives every second, so a deactivation by someone else is seen at once
    service = new ConsoleService(uid -> Optional.ofNullable(served.get(uid)),
        SerialLine.sol(SolSession.Options.defaults().withKeepAliveInterval(Duration.ofSeconds(1))));
    service.attach(link);
  }

  @AfterEach
  void stop() {
    service.close();
    try {
      sim.ipmitool("sol", "deactivate"); // a test that failed half-way must not leave SOL active for the next one
    } catch (RuntimeException e) {
      // it was not active
    }
  }

  private void serve(String uid, int port, String password) {
    served.put(uid, new ConsoleSettings(uid, "lab/" + uid, "ipmi://127.0.0.1:" + port, "", "", IpmiSimulator.USER,
        password, null, false, 3, true));
  }

  private void openSerial(String stream, String user, boolean write) {
    service.request(open(stream, HOST, ConsoleKind.SERIAL, user, write, false));
    link.awaitOpened(stream);
  }

  @Test
  void typedBytesReachTheHostAndItsEchoComesBackToEveryStream() {
    openSerial("alice-1", "alice", true);
    openSerial("bob-1", "bob", false);
    var before = sim.hostReceived().length();

    service.request(input("alice-1", 1, "root\r"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(sim.hostReceived().substring(before)).isEqualTo("root\r"));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(link.output("alice-1")).endsWith("echo:root\r");
      assertThat(link.output("bob-1")).endsWith("echo:root\r");
    });
    assertThat(link.outputSeqs("bob-1")).first().isEqualTo(1L);
  }

  @Test
  void aReadersInputIsDroppedAndWhenTheWriterLeavesTheOtherAskerWrites() {
    openSerial("alice-2", "alice", true);
    openSerial("bob-2", "bob", true);
    var before = sim.hostReceived().length();

    service.request(input("bob-2", 1, "reboot\r"));
    await().atMost(WAIT).until(() -> link.roles("bob-2").size() == 1);
    assertThat(link.roles("bob-2").get(0).getRole().getMessage()).contains("read-only").contains("alice");

    service.request(close("alice-2"));
    await().atMost(WAIT).until(() -> link.roles("bob-2").size() == 2);
    assertThat(link.roles("bob-2").get(1).getRole().getWriter()).isTrue();
    service.request(input("bob-2", 2, "uptime\r"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(link.output("bob-2")).endsWith("echo:uptime\r"));
    assertThat(sim.hostReceived().substring(before)).isEqualTo("uptime\r");
  }

  @Test
  void theLastStreamLeavingDeactivatesSolSoIpmitoolCanActivateIt() {
    openSerial("alice-3", "alice", true);
    service.request(close("alice-3"));

    await().atMost(WAIT).until(() -> service.openStreams() == 0);
    // a new viewer activates SOL again (without take-over): the previous session really deactivated it
    openSerial("alice-4", "alice", true);
    service.request(input("alice-4", 1, "again\r"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(link.output("alice-4")).endsWith("echo:again\r"));
  }

  @Test
  void solDeactivatedOnTheBmcEndsEveryStream() {
    openSerial("alice-5", "alice", true);
    openSerial("bob-5", "bob", false);

    sim.ipmitool("sol", "deactivate");

    assertThat(link.awaitClosed("alice-5").getClosed().getReason()).isEqualTo("ENDED");
    assertThat(link.awaitClosed("bob-5").getClosed().getMessage()).contains("Serial over LAN was deactivated");
  }

  @Test
  void aBmcThatDoesNotAnswerIsUnreachable() throws IOException {
    int silent;
    try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      silent = socket.getLocalPort();
    }
    serve("uid-silent", silent, IpmiSimulator.PASSWORD);

    service.request(open("s", "uid-silent", ConsoleKind.SERIAL, "alice", true, false));

    var closed = link.awaitClosed("s").getClosed();
    assertThat(closed.getReason()).isEqualTo("UNREACHABLE");
    assertThat(closed.getMessage()).contains("127.0.0.1:" + silent);
  }

  @Test
  void aWrongPasswordIsAuthFailedAndNoMessageHoldsIt() {
    serve("uid-wrong", sim.port(), "not-the-Password-42");

    service.request(open("w", "uid-wrong", ConsoleKind.SERIAL, "alice", true, false));

    var closed = link.awaitClosed("w").getClosed();
    assertThat(closed.getReason()).isEqualTo("AUTH_FAILED");
    assertThat(closed.getMessage()).doesNotContain("not-the-Password-42").doesNotContain(IpmiSimulator.PASSWORD);
  }

  /** Not an assertion of speed: the figure for the report, keystroke in to echo out through the relay. */
  @Test
  void keystrokeRoundTrip() throws Exception {
    openSerial("bench", "alice", true);
    var nanos = new long[KEYSTROKES];
    for (int i = 0; i < KEYSTROKES; i++) {
      var key = String.valueOf((char) ('a' + i % 26));
      int from = link.events.size();
      long start = System.nanoTime();
      service.request(input("bench", i + 1, key));
      assertThat(link.awaitOutput("bench", from, "echo:" + key, WAIT.toMillis())).as("echo of keystroke %d", i)
          .isTrue();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf("console keystroke round trip over %d keystrokes (ConsoleRequest input -> SOL -> ipmi_sim -> "
        + "host echo -> ConsoleEvent output): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", KEYSTROKES,
        nanos[KEYSTROKES / 2] / 1e6, nanos[KEYSTROKES * 99 / 100] / 1e6, nanos[KEYSTROKES - 1] / 1e6);
  }
}
