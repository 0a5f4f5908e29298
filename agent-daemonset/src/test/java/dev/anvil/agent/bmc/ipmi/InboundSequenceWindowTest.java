package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InboundSequenceWindowTest {

  private final InboundSequenceWindow window = new InboundSequenceWindow();

  @Test
  void eachNumberIsAcceptedOnceAndLateOnesWithinTheWindow() {
    assertThat(window.accept(0)).as("zero is never valid in a session").isFalse();
    assertThat(window.accept(5)).isTrue();
    assertThat(window.accept(5)).as("replay").isFalse();
    assertThat(window.accept(9)).isTrue();
    assertThat(window.accept(7)).as("late but unseen").isTrue();
    assertThat(window.accept(7)).isFalse();
    assertThat(window.accept(100)).isTrue();
    assertThat(window.accept(68)).as("32 behind the newest: too old to tell").isFalse();
    assertThat(window.accept(69)).isTrue();
    assertThat(window.newest()).isEqualTo(100);
  }

  @Test
  void numbersAboveTwoToTheThirtyOneAreUnsigned() {
    assertThat(window.accept(0x7fffffff)).isTrue();
    assertThat(window.accept(0x80000000)).isTrue();
    assertThat(window.newest()).isEqualTo(0x80000000L);
  }

  @Test
  void countsTheNumbersThatNeverArrivedBetweenTwo() {
    window.accept(10);
    window.accept(12);
    window.accept(14);
    assertThat(window.missingBetween(10, 14)).as("11 and 13").isEqualTo(2);
    assertThat(window.missingBetween(12, 14)).isEqualTo(1);
    assertThat(window.missingBetween(10, 11)).isZero();
  }
}
