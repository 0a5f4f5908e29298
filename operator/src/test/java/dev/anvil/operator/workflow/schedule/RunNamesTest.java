package dev.anvil.operator.workflow.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunNamesTest {

  private static final Instant TICK = Instant.parse("2026-11-23T07:00:00Z");

  @Test
  void aRunIsNamedAfterItsWorkflowAndTheUnixSecondsOfItsTick() {
    assertThat(RunNames.forTick("nightly-backup", TICK)).isEqualTo("nightly-backup-" + TICK.getEpochSecond());
  }

  @Test
  void aLongWorkflowNameIsCutAndHashedWithinSixtyThreeCharacters() {
    var longName = "a-very-long-workflow-name-that-describes-everything-it-does-in-detail";
    var sameStart = longName + "-but-another-one";

    var name = RunNames.forTick(longName, TICK);

    assertThat(name).hasSize(RunNames.MAX_LENGTH).endsWith("-" + TICK.getEpochSecond())
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(RunNames.forTick(longName, TICK)).isEqualTo(name);
    assertThat(RunNames.forTick(sameStart, TICK)).isNotEqualTo(name);
  }

  @Test
  void aNameThatJustFitsIsKept() {
    var fits = "w".repeat(RunNames.MAX_LENGTH - 11);

    assertThat(RunNames.forTick(fits, TICK)).isEqualTo(fits + "-" + TICK.getEpochSecond());
  }

  @Test
  void theCutDoesNotLeaveADashBeforeTheHash() {
    var dashAtCut = "x".repeat(42) + "-" + "y".repeat(30);

    assertThat(RunNames.forTick(dashAtCut, TICK)).doesNotContain("--").doesNotContain("y")
        .startsWith("x".repeat(42) + "-");
  }
}
