package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serial over LAN against a real BMC (ipmi_sim) whose SOL goes to the simulator's fake host serial port. */
class SolSessionIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int KEYSTROKES = 200;
  private static IpmiSimulator sim;

  @BeforeAll
  static void startBmc() {
    sim = IpmiSimulator.start();
  }

  @AfterAll
  static void stopBmc() {
    sim.close();
  }

  @BeforeEach
  @AfterEach
  void noConsoleLeftActive() throws Exception {
    // a test that failed half-way must not leave SOL active for the next one
    try (var session = IpmiClient.login(endpoint())) {
      session.call(IpmiRequest.of("Deactivate Payload", IpmiRequest.NETFN_APP, 0x49, 1, 1, 0, 0, 0, 0));
    }
  }

  private static BmcEndpoint endpoint() {
    return IpmiEndpoints.of(sim, IpmiSimulator.USER, IpmiSimulator.PASSWORD, TIMEOUT);
  }

  private static SolSession open(SolConsole console) throws BmcException {
    return SolSession.open(endpoint(), SolSession.Options.defaults(), console);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void typedBytesReachTheHostSerialAndItsEchoComesBack() throws Exception {
    var console = new SolConsole();
    try (var sol = open(console)) {
      var before = sim.hostReceived().length();

      sol.write(ascii("root\r"));

      await().atMost(WAIT).untilAsserted(() -> assertThat(sim.hostReceived().substring(before)).isEqualTo("root\r"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(console.text()).endsWith("echo:root\r"));
    }
  }

  @Test
  void moreThanOnePacketOfInputArrivesWholeAndInOrder() throws Exception {
    var console = new SolConsole();
    var typed = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      typed.append("line ").append(i).append(" of a pasted script\r");
    }
    try (var sol = open(console)) {
      var before = sim.hostReceived().length();

      sol.write(ascii(typed.toString()));

      await().atMost(WAIT).untilAsserted(() -> assertThat(sim.hostReceived().substring(before))
          .isEqualTo(typed.toString()));
      await().atMost(WAIT).untilAsserted(() -> assertThat(console.text().replace("echo:", ""))
          .isEqualTo(typed.toString()));
    }
  }

  @Test
  void outputTheHostWritesOnItsOwnArrives() throws Exception {
    var console = new SolConsole();
    try (var sol = open(console)) {
      var boot = "[    0.000000] Linux version 6.1.0-anvil\r\n".repeat(50);

      sim.hostWrites(boot);

      await().atMost(WAIT).untilAsserted(() -> assertThat(console.text()).isEqualTo(boot));
      assertThat(sol.droppedOutputBytes()).isZero();
    }
  }

  @Test
  void aSecondActivationIsRefusedWhileOneIsActiveAndTakeOverEndsTheFirst() throws Exception {
    var first = new SolConsole();
    var firstSol = SolSession.open(endpoint(), SolSession.Options.defaults()
        .withKeepAliveInterval(Duration.ofSeconds(1)), first);
    try {
      assertThatThrownBy(() -> open(new SolConsole()))
          .isInstanceOfSatisfying(BmcException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
          .hasMessageContaining("already active in another session").hasMessageContaining("takeOver");

      var second = new SolConsole();
      try (var secondSol = SolSession.open(endpoint(), SolSession.Options.defaults().withTakeOver(true), second)) {
        await().atMost(WAIT).until(first::isClosed);
        assertThat(first.cause()).isNotNull().hasMessageContaining("another session took Serial over LAN over");
        assertThat(firstSol.isOpen()).isFalse();
        assertThatThrownBy(() -> firstSol.write(ascii("x"))).isInstanceOf(BmcException.class);

        secondSol.write(ascii("still here\r"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(second.text()).endsWith("echo:still here\r"));
      }
    } finally {
      firstSol.close();
    }
  }

  @Test
  void closeDeactivatesSoANewSessionCanActivateAndTypeAtOnce() throws Exception {
    var first = new SolConsole();
    var sol = open(first);
    sol.write(ascii("a"));
    await().atMost(WAIT).untilAsserted(() -> assertThat(first.text()).endsWith("echo:a"));
    sol.close();
    assertThat(first.isClosed()).isTrue();
    assertThat(first.cause()).isNull();
    assertThatThrownBy(() -> sol.write(ascii("b"))).isInstanceOf(IllegalStateException.class);

    var second = new SolConsole();
    try (var again = open(second)) {
      // the BMC kept the last packet number of the first session: the new session's first characters still arrive
      again.write(ascii("c"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(second.text()).endsWith("echo:c"));
    }
  }

  @Test
  void theSessionEndsWhenTheBmcStopsAnswering() throws Exception {
    var console = new SolConsole();
    try (var sol = open(console)) {
      sim.stop();
      try {
        sol.write(ascii("lost"));
        await().atMost(WAIT).until(console::isClosed);
        assertThat(console.cause()).isNotNull().satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
      } finally {
        sim.restart();
      }
    }
  }

  @Test
  void aSlowListenerLosesTheOldestOutputButNeverStallsTheBmc() throws Exception {
    var release = new CountDownLatch(1);
    var console = new SolConsole() {
      @Override
      public void output(byte[] characters) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        super.output(characters);
      }
    };
    try (var sol = SolSession.open(endpoint(), SolSession.Options.defaults().withOutputBuffer(256), console)) {
      var flood = "0123456789abcdef".repeat(200);

      sim.hostWrites(flood + "<end>");

      await().atMost(WAIT).untilAsserted(() -> assertThat(sol.droppedOutputBytes()).isGreaterThan(0));
      // the BMC got every acknowledgement while the listener was stuck: its host output flowed and typing still works
      sol.write(ascii("k"));
      await().atMost(WAIT).untilAsserted(() -> assertThat(sim.hostReceived()).endsWith("k"));
      release.countDown();
      await().atMost(WAIT).untilAsserted(() -> assertThat(console.text()).endsWith("echo:k"));
      assertThat(console.text()).contains("<end>").hasSizeLessThan(flood.length());
    }
  }

  @Test
  void ipmitoolSolDeactivateEndsTheSession() throws Exception {
    var console = new SolConsole();
    try (var sol = SolSession.open(endpoint(), SolSession.Options.defaults()
        .withKeepAliveInterval(Duration.ofSeconds(1)), console)) {
      sim.ipmitool("sol", "deactivate");

      await().atMost(WAIT).until(console::isClosed);
      assertThat(console.cause()).isNotNull().hasMessageContaining("Serial over LAN was deactivated")
          .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
      assertThat(sol.isOpen()).isFalse();
    }
  }

  /** Not an assertion of speed: the figure for docs/benchmarks.md, from a loaded 2-core machine. */
  @Test
  void keystrokeRoundTrip() throws Exception {
    var console = new SolConsole();
    var nanos = new long[KEYSTROKES];
    try (var sol = open(console)) {
      for (int i = 0; i < KEYSTROKES; i++) {
        var key = String.valueOf((char) ('a' + i % 26));
        console.clear();
        long start = System.nanoTime();
        sol.write(ascii(key));
        assertThat(console.awaitEndsWith("echo:" + key, WAIT.toMillis())).as("echo of keystroke %d", i).isTrue();
        nanos[i] = System.nanoTime() - start;
      }
    }
    Arrays.sort(nanos);
    System.out.printf("SOL keystroke round trip over %d keystrokes (write -> host echo received): p50 %.2f ms, "
        + "p99 %.2f ms, max %.2f ms%n", KEYSTROKES, nanos[KEYSTROKES / 2] / 1e6, nanos[KEYSTROKES * 99 / 100] / 1e6,
        nanos[KEYSTROKES - 1] / 1e6);
  }
}
