package dev.anvil.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusFlips() {
    List<Condition> conditions = new ArrayList<>();
    var t0 = Instant.parse("2026-01-01T00:00:00Z");
    Conditions.set(conditions, "Ready", "False", "Starting", "starting", 1L, t0);
    Conditions.set(conditions, "Ready", "False", "StillStarting", "still", 2L, t0.plusSeconds(5));
    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo(t0.toString());
      assertThat(c.getReason()).isEqualTo("StillStarting");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
    Conditions.set(conditions, "Ready", "True", "Up", "up", 2L, t0.plusSeconds(9));
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo(t0.plusSeconds(9).toString());
    assertThat(Conditions.isTrue(conditions, "Ready")).isTrue();
    Conditions.remove(conditions, "Ready");
    assertThat(conditions).isEmpty();
  }
}
