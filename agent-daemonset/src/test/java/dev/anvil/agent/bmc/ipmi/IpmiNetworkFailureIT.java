package dev.anvil.agent.bmc.ipmi;

import ch.qos.logback.classic.Level;
import dev.anvil.agent.CapturedLogs;
import static dev.anvil.agent.bmc.ipmi.IpmiClientIT.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import dev.anvil.sim.ipmi.IpmiSimulator;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A BMC that goes away, reboots, or sits behind a network losing datagrams. */
class IpmiNetworkFailureIT {

  private static final Duration TIMEOUT = Duration.ofMillis(1200);
  /** Slack for a loaded machine (2 shared CPUs) on top of what the client promises. */
  private static final Duration SLACK = Duration.ofMillis(800);
  private IpmiSimulator sim;

  @BeforeEach
  void startBmc() {
    sim = IpmiSimulator.start();
  }

  @AfterEach
  void stopBmc() {
    sim.close();
  }

  private IpmiClient connect(int port) throws BmcException {
    return IpmiClient.connect(IpmiEndpoints.at(port, IpmiSimulator.USER, IpmiSimulator.PASSWORD, TIMEOUT));
  }

  @Test
  void aStoppedBmcIsUnreachableWithinTheTimeout() throws Exception {
    try (var client = connect(sim.port())) {
      sim.stop();
      long started = System.nanoTime();
      // the request times out, then one login is tried in case the BMC only dropped the session
      assertFails(client::power, Kind.UNREACHABLE, "no answer from the BMC at 127.0.0.1:" + sim.port());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(2).plus(SLACK));

      started = System.nanoTime();
      assertFails(() -> connect(sim.port()).close(), Kind.UNREACHABLE, "to Open Session Request after 4 attempts");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(SLACK));
    }
  }

  @Test
  void aRebootedBmcThatForgotTheSessionIsLoggedIntoAgain() throws Exception {
    try (var logs = new CapturedLogs(IpmiClient.class.getPackageName(), Level.DEBUG); var client = connect(sim.port())) {
      client.reset(ResetAction.On);
      sim.restart();
      assertThat(client.power()).isEqualTo(PowerStatus.On);
      assertThat(logs.lines()).anyMatch(line -> line.contains("stopped answering") && line.contains("logging in"));
      assertThat(logs.lines()).noneMatch(line -> line.contains(IpmiSimulator.PASSWORD));
    }
  }

  @Test
  void anIdleSessionGetsAKeepAliveAndOneTheBmcForgotIsReplacedOnTheNextCall() throws Exception {
    var counter = new DroppingUdpProxy(sim.port(), 0, 0);
    var address = new InetSocketAddress("127.0.0.1", counter.port());
    try (counter; var session = new IpmiSession(new UdpLink(address, TIMEOUT), CipherSuite.SUITE_3,
        IpmiSimulator.USER, IpmiSimulator.PASSWORD, true)) {
      int sent = counter.requests();
      session.keepAlive(Duration.ofMinutes(1));
      assertThat(counter.requests()).as("not idle for a minute: nothing sent").isEqualTo(sent);
      session.keepAlive(Duration.ZERO);
      assertThat(counter.requests()).as("one Get Device ID").isEqualTo(sent + 1);

      sim.restart();
      session.keepAlive(Duration.ZERO);
      long started = System.nanoTime();
      assertThat(ChassisPower.read(session)).isEqualTo(PowerStatus.Off);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("logs in at once, without waiting for the dead "
          + "session to time out first").isLessThan(TIMEOUT);
    }
  }

  @Test
  void readsThroughALossyNetworkMatchReadsWithoutLoss() throws Exception {
    BmcSnapshot direct;
    try (var client = connect(sim.port())) {
      direct = client.read();
    }
    try (var proxy = new DroppingUdpProxy(sim.port(), 7, 5); var client = connect(proxy.port())) {
      for (int i = 0; i < 3; i++) {
        var lossy = client.read();
        assertThat(lossy.sensors()).isEqualTo(direct.sensors());
        assertThat(lossy.eventLog()).isEqualTo(direct.eventLog());
        assertThat(lossy.inventory()).isEqualTo(direct.inventory());
        assertThat(lossy.power()).isEqualTo(direct.power());
      }
      assertThat(proxy.dropped()).as("datagrams lost on the way").isGreaterThan(10);
    }
  }

  @Test
  void aResetWhoseAnswerIsLostIsNotCarriedOutTwice() throws Exception {
    // every second answer is lost: ipmi_sim would reset again for every retransmitted request
    try (var proxy = new DroppingUdpProxy(sim.port(), 0, 2); var client = connect(proxy.port())) {
      int answersLostBefore = proxy.droppedAnswers();
      for (int i = 0; i < 10; i++) {
        client.reset(ResetAction.ForceRestart);
      }
      assertThat(proxy.droppedAnswers() - answersLostBefore).isGreaterThanOrEqualTo(5);
      assertThat(sim.chassisCalls("set reset 1")).isEqualTo(10);
    }
  }

  @Test
  void aResetWhoseRequestIsLostIsSentAgain() throws Exception {
    try (var proxy = new DroppingUdpProxy(sim.port(), 3, 0); var client = connect(proxy.port())) {
      for (int i = 0; i < 10; i++) {
        client.reset(ResetAction.ForceRestart);
      }
      assertThat(proxy.dropped()).isGreaterThanOrEqualTo(5);
      assertThat(sim.chassisCalls("set reset 1")).isEqualTo(10);
    }
  }

  @Test
  void whenBothWaysLoseDatagramsEveryResetHappensAtMostOnceAndEverySuccessHappened() throws Exception {
    int calls = 20;
    int succeeded = 0;
    try (var proxy = new DroppingUdpProxy(sim.port(), 7, 5); var client = connect(proxy.port())) {
      for (int i = 0; i < calls; i++) {
        try {
          client.reset(ResetAction.ForceRestart);
          succeeded++;
        } catch (BmcException e) {
          // both a request and an answer lost: the client cannot tell whether the reset happened and says so
          assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
          assertThat(e.getMessage()).contains("may or may not have been carried out");
        }
      }
    }
    long executed = sim.chassisCalls("set reset 1");
    assertThat(executed).isBetween((long) succeeded, (long) calls);
    assertThat(succeeded).as("most resets get through").isGreaterThanOrEqualTo(calls / 2);
  }
}
