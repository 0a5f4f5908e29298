package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.sim.redfish.Reply.Message;

/** The SessionService's live part: the Sessions collection, login by POST, a session's resource, logout by DELETE. */
final class SessionResources {

  static final String SERVICE = MockupTree.ROOT + "/SessionService";
  static final String COLLECTION = SERVICE + "/Sessions";

  private final SessionStore store;
  private final SessionSupport support;

  SessionResources(SessionStore store, SessionSupport support) {
    this.store = store;
    this.support = support;
  }

  /** Whether the path is the Sessions collection or a session, which this class answers instead of the mockup. */
  static boolean isSessionPath(String path) {
    return path.equals(COLLECTION) || path.startsWith(COLLECTION + "/");
  }

  /** A login: {@code 201} with {@code X-Auth-Token} and {@code Location}, or {@code 401}, or {@code 405} if refused. */
  Reply login(JsonNode body) {
    if (support != SessionSupport.ENABLED) {
      return Reply.error(405, new Message("OperationNotAllowed",
          "The HTTP method is not allowed on the URI " + COLLECTION + ".", COLLECTION));
    }
    if (!body.path("UserName").isTextual() || !body.path("Password").isTextual()) {
      return Reply.error(400, new Message("PropertyMissing",
          "The property UserName or Password is a required property and must be included in the request.",
          "UserName"));
    }
    var session = store.login(body.get("UserName").asText(), body.get("Password").asText());
    if (session.isEmpty()) {
      return Reply.unauthorized();
    }
    var path = COLLECTION + "/" + session.get().id();
    return Reply.created(resource(session.get()))
        .withHeader("X-Auth-Token", session.get().token())
        .withHeader("Location", path);
  }

  /** GET of the collection or of one session (never showing a token). */
  Reply get(String path) {
    if (path.equals(COLLECTION)) {
      var collection = MockupTree.json().createObjectNode();
      collection.put("@odata.id", COLLECTION);
      collection.put("@odata.type", "#SessionCollection.SessionCollection");
      collection.put("Name", "Session Collection");
      var sessions = store.sessions();
      collection.put("Members@odata.count", sessions.size());
      var members = collection.putArray("Members");
      sessions.forEach(s -> members.addObject().put("@odata.id", COLLECTION + "/" + s.id()));
      return Reply.ok(collection);
    }
    return store.byId(idOf(path)).map(s -> Reply.ok(resource(s))).orElseGet(() -> Reply.notFound(path));
  }

  Reply delete(String path) {
    return store.logout(idOf(path)) ? Reply.noContent() : Reply.notFound(path);
  }

  private static String idOf(String path) {
    return path.startsWith(COLLECTION + "/") ? path.substring(COLLECTION.length() + 1) : "";
  }

  private ObjectNode resource(SessionStore.Session session) {
    var node = MockupTree.json().createObjectNode();
    node.put("@odata.id", COLLECTION + "/" + session.id());
    node.put("@odata.type", "#Session.v1_8_0.Session");
    node.put("Id", session.id());
    node.put("Name", "User Session");
    node.put("UserName", session.userName());
    node.put("CreatedTime", session.created().toString());
    return node;
  }
}
