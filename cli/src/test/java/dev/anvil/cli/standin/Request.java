package dev.anvil.cli.standin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP request the stand-in server received: method, path, decoded query, headers (lower-case names), body. */
public record Request(String method, String path, Map<String, String> query, Map<String, String> headers,
    String body) {

  static Request of(String method, String target, Map<String, String> headers, String body) {
    var question = target.indexOf('?');
    var path = question < 0 ? target : target.substring(0, question);
    var query = new LinkedHashMap<String, String>();
    if (question >= 0) {
      for (var pair : target.substring(question + 1).split("&")) {
        var equals = pair.indexOf('=');
        query.put(decode(equals < 0 ? pair : pair.substring(0, equals)),
            equals < 0 ? "" : decode(pair.substring(equals + 1)));
      }
    }
    return new Request(method, decode(path), query, headers, body);
  }

  public String header(String name) {
    return headers.get(name.toLowerCase());
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
