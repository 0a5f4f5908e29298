package dev.anvil.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

  @Test
  void growsFromAHundredMillisecondsToThirtySecondsWithJitter() {
    var policy = ReconnectPolicy.defaults();
    for (var i = 0; i < 200; i++) {
      assertThat(policy.delay(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(policy.delay(4)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
      assertThat(policy.delay(40)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }
    assertThat(policy.refused()).isEqualTo(Duration.ofMinutes(1));
  }
}
