package dev.anvil.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Power actions as people type them, durations as kubectl writes them, and finding a request's outcome. */
class PowerActionsTest {

  @Test
  void actionsAreMatchedWhateverTheCaseAndDashes() {
    assertThat(PowerActions.canonical("force-off")).isEqualTo("ForceOff");
    assertThat(PowerActions.canonical("POWERCYCLE")).isEqualTo("PowerCycle");
    assertThat(PowerActions.canonical("on")).isEqualTo("On");
    assertThat(PowerActions.canonical("Explode")).isEqualTo("Explode");
  }

  @Test
  void durationsReadLikeKubectlsOrIso() {
    var converter = new DurationConverter();

    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(converter.convert("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theRequestIsFoundInLastActionOrRequests() {
    var inRequests = Map.<String, Object>of("status", Map.of("requests",
        List.of(Map.of("request", "On/api-1"), Map.of("request", "ForceOff/api-2", "result", "Succeeded"))));
    var inLastAction = Map.<String, Object>of("status", Map.of("lastAction", Map.of("request", "On/api-3")));

    assertThat(PowerCommand.record(inRequests, "ForceOff/api-2")).containsEntry("result", "Succeeded");
    assertThat(PowerCommand.record(inLastAction, "On/api-3")).isNotNull();
    assertThat(PowerCommand.record(inRequests, "On/api-9")).isNull();
    assertThat(PowerCommand.record(Map.of(), "On/api-9")).isNull();
  }
}
