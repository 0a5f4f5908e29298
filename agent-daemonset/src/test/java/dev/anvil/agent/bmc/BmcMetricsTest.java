package dev.anvil.agent.bmc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.metrics.MetricsServer;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcSensor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BmcMetricsTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BmcMetrics metrics = new BmcMetrics(registry);

  private static BmcObservation polled(double inlet) {
    return BmcObservation.newBuilder().setProtocol("IPMI").setPowerState("On").setHealth("Warning")
        .addSensors(BmcSensor.newBuilder().setName("Inlet Temp").setUnits("Cel").setReading(inlet))
        .addSensors(BmcSensor.newBuilder().setName("Fan 1").setUnits("RPM"))
        .build();
  }

  @Test
  void aPollBecomesLabelledSeriesAndAReleasedHostsSeriesGo() {
    metrics.polled("lab/r640", polled(24.5), Duration.ofMillis(12));
    metrics.polled("lab/r640", polled(26.0), Duration.ofMillis(10));

    var text = registry.scrape();
    assertThat(text).contains("anvil_bmc_up{host=\"r640\",namespace=\"lab\"} 1.0")
        .contains("anvil_bmc_power_on{host=\"r640\",namespace=\"lab\"} 1.0")
        .contains("anvil_bmc_health{host=\"r640\",namespace=\"lab\"} 1.0")
        .contains("anvil_bmc_sensor_reading{host=\"r640\",namespace=\"lab\",sensor=\"Inlet Temp\",unit=\"Cel\"} 26.0")
        .contains("anvil_bmc_sensor_reading{host=\"r640\",namespace=\"lab\",sensor=\"Fan 1\",unit=\"RPM\"} NaN")
        .contains("anvil_bmc_poll_seconds_count{protocol=\"IPMI\"} 2");

    metrics.released("lab/r640");

    assertThat(registry.scrape()).doesNotContain("host=\"r640\"");
  }

  @Test
  void aFailedPollSetsUpToZeroAndCountsTheKind() {
    metrics.polled("lab/r640", polled(24.5), Duration.ofMillis(12));
    metrics.polled("lab/r640", BmcObservation.newBuilder().setErrorKind("UNREACHABLE").build(), Duration.ofSeconds(10));

    assertThat(registry.scrape()).contains("anvil_bmc_up{host=\"r640\",namespace=\"lab\"} 0.0")
        .contains("anvil_bmc_poll_failures_total{host=\"r640\",kind=\"UNREACHABLE\",namespace=\"lab\"} 1.0");
  }

  @Test
  void theServerAnswersPrometheusAndTheKubelet() throws Exception {
    metrics.polled("lab/r640", polled(24.5), Duration.ofMillis(12));
    try (var server = MetricsServer.start(0, registry)) {
      var http = HttpClient.newHttpClient();
      var scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString());
      var health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("anvil_bmc_up");
      assertThat(health.body()).isEqualTo("ok\n");
    }
  }
}
