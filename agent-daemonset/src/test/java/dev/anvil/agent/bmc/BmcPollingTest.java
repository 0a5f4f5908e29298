package dev.anvil.agent.bmc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a host's polls report, and how they back off when the BMC fails. */
class BmcPollingTest {

  private final BmcRig rig = new BmcRig();
  private FakeBmcClient bmc;

  @BeforeEach
  void serveOneHost() {
    rig.service.execute(BmcRig.serve("h1", "v1"));
    bmc = rig.clients.last();
  }

  @AfterEach
  void close() {
    rig.close();
  }

  @Test
  void anObservationThatOnlyChangedSensorReadingsIsReportedOnceAMinute() {
    bmc.inletCelsius = 22.0;
    poll(Duration.ofSeconds(30));
    assertThat(rig.observations()).hasSize(1);

    bmc.inletCelsius = 22.5;
    poll(Duration.ofSeconds(29));
    assertThat(rig.observations()).hasSize(1);

    poll(Duration.ofSeconds(1));
    assertThat(rig.observations()).hasSize(2);
    assertThat(rig.observations().get(1).getSensors(0).getReading()).isEqualTo(22.5);
  }

  @Test
  void anyOtherChangeIsReportedAtOnce() {
    bmc.inletStatus = BmcSnapshot.Health.Warning;
    poll(Duration.ofSeconds(30));
    bmc.power = PowerStatus.Off;
    poll(Duration.ofSeconds(30));
    poll(Duration.ofSeconds(30));

    assertThat(rig.observations()).extracting(o -> o.getPowerState() + " " + o.getSensors(0).getStatus())
        .containsExactly("On OK", "On Warning", "Off Warning");
  }

  @Test
  void failuresBackOffDoublingToFiveMinutesAndASuccessEndsIt() {
    bmc.readFailure = new BmcException(BmcException.Kind.UNREACHABLE, "no answer from 10.1.2.17:443 within 10 s");
    var delays = new ArrayList<Duration>();
    for (var i = 0; i < 5; i++) {
      poll(rig.timer.pendingDelay());
      delays.add(rig.timer.pendingDelay());
    }
    assertThat(delays).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240),
        Duration.ofMinutes(5), Duration.ofMinutes(5));
    var failed = rig.observations().get(1);
    assertThat(failed.getErrorKind()).isEqualTo("UNREACHABLE");
    assertThat(failed.getErrorMessage()).isEqualTo("no answer from 10.1.2.17:443 within 10 s");
    assertThat(failed.hasInventory()).isFalse();
    assertThat(failed.getProtocol()).isEmpty();

    bmc.readFailure = null;
    poll(rig.timer.pendingDelay());
    assertThat(rig.timer.pendingDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rig.observations().get(rig.observations().size() - 1).getErrorKind()).isEmpty();
  }

  @Test
  void aRejectedLoginBacksOffForAQuarterHourDoublingToAnHourUntilANewConfigVersion() {
    bmc.readFailure = new BmcException(BmcException.Kind.AUTH_FAILED, "HTTP 401 after a fresh login");
    var delays = new ArrayList<Duration>();
    for (var i = 0; i < 4; i++) {
      poll(rig.timer.pendingDelay());
      delays.add(rig.timer.pendingDelay());
    }
    assertThat(delays).containsExactly(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
        Duration.ofHours(1));

    rig.service.execute(BmcRig.serve("h1", "v2"));
    assertThat(rig.clients.last().reads).as("new credentials are tried at once").hasValue(1);
    assertThat(rig.timer.pendingDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rig.observations().get(rig.observations().size() - 1).getConfigVersion()).isEqualTo("v2");
  }

  @Test
  void pollsAreJitteredSoHostsServedTogetherDriftApart() {
    var low = new PollSchedule(Duration.ofSeconds(30), () -> 0.0);
    var high = new PollSchedule(Duration.ofSeconds(30), () -> 0.999);

    assertThat(low.afterSuccess()).isEqualTo(Duration.ofSeconds(27));
    assertThat(high.afterSuccess()).isBetween(Duration.ofMillis(32_990), Duration.ofSeconds(33));
  }

  /** Lets {@code after} pass and runs the host's next poll. */
  private void poll(Duration after) {
    rig.clock.advance(after);
    rig.timer.fire();
  }
}
