package dev.anvil.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.LiveAgent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanedAttemptsTest {

  private final List<String> cancels = new ArrayList<>();
  private Instant now = Instant.parse("2026-11-23T00:00:00Z");

  private OrphanedAttempts orphans(Set<String> wanted) {
    var clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
    return new OrphanedAttempts(id -> wanted.contains(id.toString()),
        (agent, id, reason) -> cancels.add(agent + ":" + id), Duration.ofSeconds(10), clock);
  }

  private static LiveAgent agent(String id, String runningJson) {
    return new LiveAgent(id, "n", "dc", Map.of(), List.of(), "hub-0", "s", Instant.EPOCH,
        Map.of("running", runningJson));
  }

  @Test
  void cancelsOnlyWhatNoJobWantsAndNotAgainUntilTheResendPeriodPassed() {
    var sweeper = orphans(Set.of("u1/1"));
    var live = List.of(agent("a", "[\"u1/1\",\"u2/3\"]"), agent("b", "[\"not-an-attempt\"]"));

    assertThat(sweeper.sweep(live)).isEqualTo(1);
    assertThat(cancels).containsExactly("a:u2/3");

    now = now.plusSeconds(5);
    assertThat(sweeper.sweep(live)).isZero();

    now = now.plusSeconds(6);
    assertThat(sweeper.sweep(live)).isEqualTo(1);
    assertThat(cancels).containsExactly("a:u2/3", "a:u2/3");
  }

  @Test
  void anUnreadableRunningListCancelsNothing() {
    assertThat(orphans(Set.of()).sweep(List.of(agent("a", "{oops")))).isZero();
    assertThat(cancels).isEmpty();
  }
}
