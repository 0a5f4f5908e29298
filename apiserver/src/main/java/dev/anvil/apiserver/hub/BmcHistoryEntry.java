package dev.anvil.apiserver.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.bus.BusKeys;
import java.util.LinkedHashMap;
import java.util.Map;

/** The compact JSON a stored observation adds to its host's history stream (see {@link BusKeys#bmcHistory}). */
final class BmcHistoryEntry {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BmcHistoryEntry() {
  }

  static String of(BmcObservation observation, long observedMillis) {
    var entry = new LinkedHashMap<String, Object>();
    entry.put("t", observedMillis);
    if (!observation.getErrorKind().isEmpty()) {
      entry.put("up", 0);
      entry.put("error", observation.getErrorKind());
      return write(entry);
    }
    entry.put("up", 1);
    entry.put("power", observation.getPowerState());
    entry.put("health", observation.getHealth());
    Map<String, Double> sensors = new LinkedHashMap<>();
    observation.getSensorsList().stream().filter(s -> s.hasReading() && Double.isFinite(s.getReading()))
        .forEach(s -> sensors.put(s.getName(), s.getReading()));
    entry.put("sensors", sensors);
    return write(entry);
  }

  private static String write(Map<String, Object> entry) {
    try {
      return JSON.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a history entry of plain values cannot fail to serialise", e);
    }
  }
}
