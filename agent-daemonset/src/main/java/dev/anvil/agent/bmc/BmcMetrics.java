package dev.anvil.agent.bmc;

import dev.anvil.protocol.agent.v1.BmcObservation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus series of the served BMCs, labelled by namespace and host: {@code anvil_bmc_up},
 * {@code anvil_bmc_power_on}, {@code anvil_bmc_health} (0 OK, 1 Warning, 2 Critical),
 * {@code anvil_bmc_sensor_reading{sensor,unit}}, {@code anvil_bmc_poll_seconds} and
 * {@code anvil_bmc_poll_failures_total{kind}}. A released host's series go away with it.
 */
public final class BmcMetrics implements PollListener {

  private final MeterRegistry registry;
  private final Map<String, HostGauges> hosts = new ConcurrentHashMap<>();

  public BmcMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One host's gauges: the values they read, and the meters to remove on release. */
  private final class HostGauges {
    final Tags tags;
    final AtomicReference<Double> up = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> powerOn = new AtomicReference<>(Double.NaN);
    final AtomicReference<Double> health = new AtomicReference<>(Double.NaN);
    final Map<String, AtomicReference<Double>> sensors = new ConcurrentHashMap<>();
    final List<Meter> meters = new ArrayList<>();

    HostGauges(String host) {
      var slash = host.indexOf('/');
      tags = Tags.of("namespace", slash < 0 ? "" : host.substring(0, slash), "host", host.substring(slash + 1));
      meters.add(gauge("anvil_bmc_up", "1 when the last poll of the BMC succeeded", tags, up));
      meters.add(gauge("anvil_bmc_power_on", "1 when the server is on, 0 when off", tags, powerOn));
      meters.add(gauge("anvil_bmc_health", "health rollup: 0 OK, 1 Warning, 2 Critical", tags, health));
    }

    synchronized void sensor(String name, String unit, Double value) {
      sensors.computeIfAbsent(name + "\u0000" + unit, key -> {
        var holder = new AtomicReference<>(Double.NaN);
        meters.add(gauge("anvil_bmc_sensor_reading", "latest sensor reading in its unit",
            tags.and("sensor", name, "unit", unit), holder));
        return holder;
      }).set(value == null ? Double.NaN : value);
    }
  }

  private Meter gauge(String name, String help, Tags tags, AtomicReference<Double> value) {
    return Gauge.builder(name, value, AtomicReference::get).description(help).tags(tags).register(registry);
  }

  @Override
  public void polled(String host, BmcObservation observation, Duration took) {
    var gauges = hosts.computeIfAbsent(host, HostGauges::new);
    Timer.builder("anvil_bmc_poll_seconds").description("time one poll of a BMC took")
        .tag("protocol", observation.getProtocol().isEmpty() ? "unknown" : observation.getProtocol())
        .register(registry).record(took);
    if (!observation.getErrorKind().isEmpty()) {
      gauges.up.set(0.0);
      Counter.builder("anvil_bmc_poll_failures_total").description("polls that failed, by kind")
          .tags(gauges.tags.and("kind", observation.getErrorKind())).register(registry).increment();
      return;
    }
    gauges.up.set(1.0);
    gauges.powerOn.set(switch (observation.getPowerState()) {
      case "On", "PoweringOff" -> 1.0;
      case "Off", "PoweringOn" -> 0.0;
      default -> Double.NaN;
    });
    gauges.health.set(switch (observation.getHealth()) {
      case "OK" -> 0.0;
      case "Warning" -> 1.0;
      case "Critical" -> 2.0;
      default -> Double.NaN;
    });
    observation.getSensorsList().forEach(s -> gauges.sensor(s.getName(), s.getUnits(),
        s.hasReading() ? s.getReading() : null));
  }

  @Override
  public void released(String host) {
    var gauges = hosts.remove(host);
    if (gauges != null) {
      synchronized (gauges) {
        gauges.meters.forEach(registry::remove);
      }
    }
  }
}
