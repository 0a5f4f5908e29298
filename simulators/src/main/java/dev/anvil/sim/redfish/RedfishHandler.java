package dev.anvil.sim.redfish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.anvil.sim.redfish.Reply.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes one HTTP request of the simulated BMC: faults first, then the open paths, authentication, and the verbs. */
final class RedfishHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RedfishHandler.class);
  /** Readable without credentials, as the Redfish specification asks. */
  private static final Set<String> OPEN_PATHS =
      Set.of("/redfish", MockupTree.ROOT, MockupTree.ROOT + "/$metadata", MockupTree.ROOT + "/odata");

  private final MockupTree tree;
  private final SessionStore sessions;
  private final SessionResources sessionResources;
  private final SessionSupport sessionSupport;
  private final SystemActions actions;
  private final Faults faults;
  private final CollectionQuery query;

  RedfishHandler(MockupTree tree, SessionStore sessions, SessionSupport sessionSupport, Faults faults,
      CollectionQuery query) {
    this.tree = tree;
    this.sessions = sessions;
    this.sessionResources = new SessionResources(sessions, sessionSupport);
    this.sessionSupport = sessionSupport;
    this.actions = new SystemActions(tree);
    this.faults = faults;
    this.query = query;
  }

  SystemActions actions() {
    return actions;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var method = exchange.getRequestMethod();
      var path = MockupTree.normalize(exchange.getRequestURI().getPath());
      Reply reply;
      try {
        reply = faults.onRequest(method, path).orElse(null);
        if (reply == null) {
          reply = answer(exchange, method, path);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("simulated BMC failed on {} {}", method, path, e);
        reply = Reply.error(500, new Message("InternalError",
            "The request failed due to an internal service error.  The service is still operational."));
      }
      write(exchange, reply);
    }
  }

  private Reply answer(HttpExchange exchange, String method, String path) throws IOException {
    if (sessionSupport == SessionSupport.ABSENT && (path.equals(SessionResources.SERVICE)
        || path.startsWith(SessionResources.SERVICE + "/"))) {
      return Reply.notFound(path);
    }
    var params = exchange.getRequestURI().getRawQuery();
    if (method.equals("GET") && OPEN_PATHS.contains(path)) {
      return get(path, params);
    }
    var body = readBody(exchange);
    if (method.equals("POST") && path.equals(SessionResources.COLLECTION)) {
      return body == null ? Reply.malformedJson() : sessionResources.login(body);
    }
    var headers = exchange.getRequestHeaders();
    var authenticated = sessions.byToken(headers.getFirst("X-Auth-Token")).isPresent()
        || sessions.basicMatches(headers.getFirst("Authorization"));
    if (!authenticated) {
      return Reply.unauthorized();
    }
    if (body == null) {
      return Reply.malformedJson();
    }
    return switch (method) {
      case "GET" -> SessionResources.isSessionPath(path) ? sessionResources.get(path) : get(path, params);
      case "POST" -> actions.isReset(path) ? actions.reset(path, body) : notAllowed(path);
      case "PATCH" -> patch(path, headers.getFirst("If-Match"), body);
      case "DELETE" -> SessionResources.isSessionPath(path) && !path.equals(SessionResources.COLLECTION)
          ? sessionResources.delete(path) : notAllowed(path);
      default -> notAllowed(path);
    };
  }

  private Reply get(String path, String rawQuery) {
    if (path.equals("/redfish")) {
      return Reply.ok(MockupTree.json().createObjectNode().put("v1", MockupTree.ROOT + "/"));
    }
    var resource = tree.get(path);
    if (resource.isEmpty()) {
      return tree.xmlDocument(path).map(Reply::xml).orElseGet(() -> Reply.notFound(path));
    }
    return query.apply(resource.get(), rawQuery).withHeader("ETag", tree.etag(path));
  }

  private Reply patch(String path, String ifMatch, JsonNode body) {
    var resource = tree.get(path);
    if (resource.isEmpty()) {
      return Reply.notFound(path);
    }
    if (!resource.get().path("@odata.type").asText().contains(".ComputerSystem")) {
      return notAllowed(path);
    }
    if (faults.takeChangeBeforePatch()) {
      tree.touch(path);
    }
    if (ifMatch != null && !ifMatch.equals("*") && !etagMatches(ifMatch, tree.etag(path))) {
      return Reply.error(412, new Message("PreconditionFailed",
          "The ETag supplied did not match the ETag required to change this resource."));
    }
    return actions.patch(path, body);
  }

  /** Compares ignoring the weak marker, as BMCs do: sushy and others send back a weak ETag in If-Match. */
  private static boolean etagMatches(String ifMatch, String current) {
    for (var candidate : ifMatch.split(",")) {
      var tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(current)) {
        return true;
      }
    }
    return false;
  }

  private Reply notAllowed(String path) {
    if (!tree.contains(path)) {
      return Reply.notFound(path);
    }
    return Reply.error(405, new Message("OperationNotAllowed",
        "The HTTP method is not allowed on the URI " + path + ".", path));
  }

  /** The request's JSON body, an empty object when there is none, or null when it is not JSON. */
  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    var bytes = exchange.getRequestBody().readAllBytes();
    if (bytes.length == 0) {
      return MockupTree.json().createObjectNode();
    }
    try {
      return MockupTree.json().readTree(bytes);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static void write(HttpExchange exchange, Reply reply) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("OData-Version", "4.0");
    headers.set("Cache-Control", "no-cache");
    if ("close".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Connection"))) {
      // the JDK server closes such a connection without saying so; a client that is not told may reuse it (sushy
      // asks for close on every request and then races the server's FIN with its next request)
      headers.set("Connection", "close");
    }
    reply.headers().forEach(headers::set);
    byte[] bytes;
    if (reply.text() != null) {
      bytes = reply.text().getBytes(StandardCharsets.UTF_8);
    } else if (reply.body() != null) {
      headers.set("Content-Type", "application/json;charset=utf-8");
      bytes = MockupTree.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(reply.body());
    } else {
      exchange.sendResponseHeaders(reply.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
