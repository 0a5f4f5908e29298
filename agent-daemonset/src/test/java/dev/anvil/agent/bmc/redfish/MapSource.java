package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Redfish resources as JSON text keyed by path (query included), for the readers' unit tests; records each read. */
final class MapSource implements ResourceSource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> documents = new HashMap<>();
  final List<String> reads = new ArrayList<>();

  MapSource put(String path, String json) {
    documents.put(path, json);
    return this;
  }

  @Override
  public JsonNode get(String path) throws BmcException {
    reads.add(path);
    var text = documents.get(path);
    if (text == null) {
      throw new BmcException(Kind.REJECTED, "GET " + path + ": HTTP 404");
    }
    try {
      var json = JSON.readTree(text);
      if (json == null || !json.isObject()) {
        throw new BmcException(Kind.PROTOCOL, "GET " + path + ": not a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new BmcException(Kind.PROTOCOL, "GET " + path + ": not JSON", e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
