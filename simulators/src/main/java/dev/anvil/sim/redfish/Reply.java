package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP answer of the simulated BMC: status, extra headers and a JSON body, or a text document, or neither.
 *
 * @param text a non-JSON body ({@code $metadata}), or null
 */
record Reply(int status, Map<String, String> headers, JsonNode body, String text) {

  /** The Base message registry version the simulator's error messages come from. */
  static final String BASE = "Base.1.16.0.";

  /** One {@code @Message.ExtendedInfo} entry. */
  record Message(String id, String text, List<String> args) {
    Message(String id, String text, String... args) {
      this(id, text, List.of(args));
    }
  }

  Reply {
    headers = new LinkedHashMap<>(headers);
  }

  static Reply ok(JsonNode body) {
    return new Reply(200, Map.of(), body, null);
  }

  static Reply created(JsonNode body) {
    return new Reply(201, Map.of(), body, null);
  }

  static Reply noContent() {
    return new Reply(204, Map.of(), null, null);
  }

  static Reply xml(String text) {
    return new Reply(200, Map.of("Content-Type", "application/xml"), null, text);
  }

  Reply withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** A Redfish error: {@code {"error": {code, message, @Message.ExtendedInfo: [...]}}} with Base registry ids. */
  static Reply error(int status, Message... messages) {
    var mapper = MockupTree.json();
    var error = mapper.createObjectNode();
    error.put("code", BASE + messages[0].id());
    error.put("message", "A general error has occurred. See ExtendedInfo for more information.");
    var infos = error.putArray("@Message.ExtendedInfo");
    for (var message : messages) {
      ObjectNode info = infos.addObject();
      info.put("@odata.type", "#Message.v1_1_1.Message");
      info.put("MessageId", BASE + message.id());
      info.put("Message", message.text());
      var args = info.putArray("MessageArgs");
      message.args().forEach(args::add);
      info.put("MessageSeverity", status >= 500 ? "Critical" : "Warning");
      info.put("Resolution", "None.");
    }
    var body = mapper.createObjectNode();
    body.set("error", error);
    return new Reply(status, Map.of(), body, null);
  }

  static Reply notFound(String path) {
    return error(404, new Message("ResourceMissingAtURI", "The resource at the URI " + path + " was not found.", path));
  }

  static Reply unauthorized() {
    return error(401, new Message("NoValidSession", "There is no valid session established with the implementation."))
        .withHeader("WWW-Authenticate", "Basic realm=\"Redfish\"");
  }

  static Reply malformedJson() {
    return error(400, new Message("MalformedJSON",
        "The request body submitted was malformed JSON and could not be parsed by the receiving service."));
  }
}
