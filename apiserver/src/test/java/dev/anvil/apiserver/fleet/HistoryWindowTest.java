package dev.anvil.apiserver.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.apiserver.kube.ApiStatusException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {

  @Test
  void goStyleDurationsUpToSevenDays() {
    assertThat(HistoryWindow.parse(null)).isEqualTo(Duration.ofHours(6));
    assertThat(HistoryWindow.parse("")).isEqualTo(Duration.ofHours(6));
    assertThat(HistoryWindow.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(HistoryWindow.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(HistoryWindow.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(HistoryWindow.parse("168h")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void anythingElseIsABadRequest() {
    for (var bad : new String[] {"7d1s", "0h", "6", "h", "1.5h", "-1h", "6H", "1w", "99999999999d"}) {
      assertThatThrownBy(() -> HistoryWindow.parse(bad)).as(bad).isInstanceOfSatisfying(ApiStatusException.class,
          e -> assertThat(e.code()).isEqualTo(400));
    }
  }
}
