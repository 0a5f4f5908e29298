package dev.anvil.sim.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One simulated Redfish BMC on loopback, serving a DMTF mockup over HTTPS (and optionally plain HTTP) with the
 * behaviour of a real one (sessions and Basic auth, Reset, Boot override PATCH, ETags) and hooks for tests to make
 * it slow, failing or unreachable. Several run side by side in one JVM, each on its own free port.
 */
public final class RedfishSimulator implements AutoCloseable {

  private final MockupTree tree;
  private final String username;
  private final String password;
  private final SessionStore sessions;
  private final Faults faults = new Faults();
  private final RedfishHandler handler;
  private final SimulatorCertificates certificates;
  private final SimulatorServer server;

  RedfishSimulator(RedfishSimulatorBuilder builder) {
    this.tree = MockupTree.load(builder.mockup().directory());
    var timeout = builder.sessionTimeout() != null ? builder.sessionTimeout() : Duration.ofSeconds(
        tree.get(SessionResources.SERVICE).map(s -> s.path("SessionTimeout").asLong(1800)).orElse(1800L));
    this.username = builder.username();
    this.password = builder.password();
    this.sessions = new SessionStore(username, password, timeout);
    var query = new CollectionQuery(tree, builder.topSkipQuery());
    tree.edit(MockupTree.ROOT, false, root -> {
      query.advertise(root);
      if (builder.sessionSupport() == SessionSupport.ABSENT) {
        root.remove("SessionService");
        if (root.get("Links") instanceof ObjectNode links) {
          links.remove("Sessions");
        }
      }
    });
    this.handler = new RedfishHandler(tree, sessions, builder.sessionSupport(), faults, query);
    this.certificates = SimulatorCertificates.create(builder.certificateNames());
    this.server = new SimulatorServer(handler, certificates.serverContext(), builder.plainHttp());
  }

  /** A builder for a simulator serving the given mockup. */
  public static RedfishSimulatorBuilder builder(Mockup mockup) {
    return new RedfishSimulatorBuilder(mockup);
  }

  /** Starts a simulator with the default account, sessions enabled and HTTPS only. */
  public static RedfishSimulator start(Mockup mockup) {
    return builder(mockup).start();
  }

  /** {@code https://127.0.0.1:<port>}. */
  public URI httpsUri() {
    return URI.create("https://127.0.0.1:" + server.httpsPort());
  }

  /** {@code http://127.0.0.1:<port>}; only when the builder asked for plain HTTP. */
  public URI httpUri() {
    if (server.httpPort() < 0) {
      throw new IllegalStateException("this simulator serves HTTPS only");
    }
    return URI.create("http://127.0.0.1:" + server.httpPort());
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** The PEM of the CA that signed this simulator's server certificate. */
  public String caPem() {
    return certificates.caPem();
  }

  /** The paths of the ComputerSystems, as the Systems collection lists them. */
  public List<String> systems() {
    return tree.memberPaths(MockupTree.ROOT + "/Systems");
  }

  /** A copy of the resource at a path, as the BMC would serve it now. */
  public ObjectNode resource(String path) {
    return tree.get(path).orElseThrow(() -> new IllegalArgumentException("no resource at " + path));
  }

  /** Changes a resource (creating it if needed), as the BMC's firmware would; its ETag moves on. */
  public void edit(String path, Consumer<ObjectNode> change) {
    tree.edit(path, true, change);
  }

  /** A system's {@code PowerState}. */
  public String powerState(String systemPath) {
    return resource(systemPath).path("PowerState").asText(null);
  }

  /** Sets a system's power state from outside, as someone pressing the power button would. */
  public void powerState(String systemPath, String state) {
    handler.actions().setPower(systemPath, state, state.equals("On"));
  }

  /** Appends generated entries (newest last, a minute apart) to a LogEntry collection. */
  public void addLogEntries(String entriesPath, int count) {
    LogEntries.append(tree, entriesPath, count);
  }

  /** Stops answering: the ports close, connections drop, and clients get "connection refused". */
  public void unreachable() {
    try {
      server.stopAccepting();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the simulator's connectors", e);
    }
  }

  /** Answers again on the same ports after {@link #unreachable()}. */
  public void reachable() {
    try {
      server.startAccepting();
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on the simulator's ports again", e);
    }
  }

  /** Delays every answer (zero for none). */
  public void delay(Duration delay) {
    faults.delay(delay);
  }

  /** The next {@code times} requests, whatever they are, fail with this HTTP status and a Redfish error body. */
  public void failNext(int times, int status) {
    faults.failNext(null, times, status);
  }

  /** The next {@code times} requests with this HTTP method fail with this status and a Redfish error body. */
  public void failNext(String method, int times, int status) {
    faults.failNext(method, times, status);
  }

  /** The next {@code times} requests with this HTTP method are answered only after the delay. */
  public void delayNext(String method, int times, Duration delay) {
    faults.delayNext(method, times, delay);
  }

  /** The next {@code times} requests are answered 200 with a truncated JSON body, as a broken firmware would. */
  public void garbleNext(int times) {
    faults.garbleNext(times);
  }

  /** The next PATCH finds its resource changed by another client first, so a stale {@code If-Match} gets 412. */
  public void changeBeforeNextPatch() {
    faults.changeBeforeNextPatch();
  }

  /** Ends every session: the next request with a session token gets 401. */
  public void invalidateSessions() {
    sessions.invalidateAll();
  }

  /** How long a session may stay unused before it expires. */
  public void sessionTimeout(Duration timeout) {
    sessions.idleTimeout(timeout);
  }

  /** Requests received, of any kind, including failed and unauthenticated ones. */
  public int requestCount() {
    return faults.requests();
  }

  /** Requests received with this method on this path (query string ignored). */
  public int requestCount(String method, String path) {
    return faults.requests(method, path);
  }

  /** Every request target received so far ("GET /redfish/v1/Chassis/1U/Sensors?$expand=..."), with its count. */
  public Map<String, Integer> requestTargets() {
    return faults.targets();
  }

  /** The resets and Boot PATCHes this BMC accepted, oldest first (refused and failed ones are not listed). */
  public List<AcceptedChange> acceptedChanges() {
    return handler.changes();
  }

  /** TLS handshakes completed: one per new HTTPS connection (or renegotiation), so keep-alive reuse shows. */
  public int tlsHandshakes() {
    return server.tlsHandshakes();
  }

  /** Successful logins through the SessionService. */
  public int loginCount() {
    return sessions.logins();
  }

  /** Every session token this BMC ever issued (for tests that check a client never shows one). */
  public List<String> issuedTokens() {
    return sessions.issuedTokens();
  }

  /** How many sessions are live now (logged in, not logged out, not expired as of their last use). */
  public int liveSessionCount() {
    return sessions.sessions().size();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the Redfish simulator", e);
    }
  }
}
