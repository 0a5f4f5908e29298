package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.sim.redfish.Reply.Message;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers one request to the simulated BMC: faults first, then the open paths, authentication, and the verbs. */
final class RedfishHandler {

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
  private final List<AcceptedChange> changes = new CopyOnWriteArrayList<>();

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

  /** The resets and PATCHes accepted so far, oldest first. */
  List<AcceptedChange> changes() {
    return List.copyOf(changes);
  }

  /** The answer to a request: a planned fault, else what the BMC does. */
  Reply handle(SimRequest request) {
    try {
      var fault = faults.onRequest(request.method(), request.path(), request.rawQuery());
      return fault.isPresent() ? fault.get() : answer(request);
    } catch (InterruptedException e) {
      // the simulator is stopping while this request was being delayed: answer as a BMC going down would
      Thread.currentThread().interrupt();
      return Reply.error(503, new Message("ServiceShuttingDown",
          "The operation failed because the service is shutting down and can no longer take incoming requests."));
    } catch (RuntimeException e) {
      LOG.warn("simulated BMC failed on {} {}", request.method(), request.path(), e);
      return Reply.error(500, new Message("InternalError",
          "The request failed due to an internal service error.  The service is still operational."));
    }
  }

  private Reply answer(SimRequest request) {
    var method = request.method();
    var path = request.path();
    if (sessionSupport == SessionSupport.ABSENT && (path.equals(SessionResources.SERVICE)
        || path.startsWith(SessionResources.SERVICE + "/"))) {
      return Reply.notFound(path);
    }
    if (method.equals("GET") && OPEN_PATHS.contains(path)) {
      return get(path, request.rawQuery());
    }
    var body = parseBody(request.body());
    if (method.equals("POST") && path.equals(SessionResources.COLLECTION)) {
      return body == null ? Reply.malformedJson() : sessionResources.login(body);
    }
    var authenticated = sessions.byToken(request.header("X-Auth-Token")).isPresent()
        || sessions.basicMatches(request.header("Authorization"));
    if (!authenticated) {
      return Reply.unauthorized();
    }
    if (body == null) {
      return Reply.malformedJson();
    }
    return switch (method) {
      case "GET" -> SessionResources.isSessionPath(path) ? sessionResources.get(path) : get(path, request.rawQuery());
      case "POST" -> actions.isReset(path) ? recorded(method, path, body, actions.reset(path, body))
          : notAllowed(path);
      case "PATCH" -> recorded(method, path, body, patch(path, request.header("If-Match"), body));
      case "DELETE" -> SessionResources.isSessionPath(path) && !path.equals(SessionResources.COLLECTION)
          ? sessionResources.delete(path) : notAllowed(path);
      default -> notAllowed(path);
    };
  }

  private Reply recorded(String method, String path, JsonNode body, Reply reply) {
    if (reply.status() / 100 == 2) {
      changes.add(new AcceptedChange(method, path, body.toString()));
    }
    return reply;
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
  private static JsonNode parseBody(byte[] bytes) {
    if (bytes.length == 0) {
      return MockupTree.json().createObjectNode();
    }
    try {
      return MockupTree.json().readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }
}
