package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import okhttp3.Credentials;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the client proves who it is: a Redfish session (POST to the Sessions collection, then {@code X-Auth-Token})
 * when the BMC offers one, else HTTP Basic; a new session when the old one is refused; logout at the end.
 */
final class RedfishSession {

  private static final Logger LOG = LoggerFactory.getLogger(RedfishSession.class);

  /** The header that authenticates a request; its value never appears in {@link #toString()}. */
  static final class Credential {
    private final String header;
    private final String value;

    private Credential(String header, String value) {
      this.header = header;
      this.value = value;
    }

    boolean isSession() {
      return header.equals("X-Auth-Token");
    }

    Request.Builder applyTo(Request.Builder request) {
      return request.header(header, value);
    }

    @Override
    public String toString() {
      return "Credential[" + header + " ***]";
    }
  }

  private final RedfishHttp http;
  private final String username;
  private final String password;
  private volatile String sessionsPath;
  private volatile Credential current;
  private volatile String sessionPath;

  RedfishSession(RedfishHttp http, String username, String password) {
    this.http = http;
    this.username = username;
    this.password = password;
  }

  /** Where logins go, from the service root; null when the BMC has no SessionService (Basic is used). */
  void sessionsPath(String path) {
    this.sessionsPath = path;
  }

  /** The credential to send, logging in first if there is none yet. */
  Credential current() throws BmcException {
    var credential = current;
    return credential != null ? credential : renew(null);
  }

  /** A fresh login after {@code refused} was turned down (once: if another thread already renewed, its result). */
  synchronized Credential renew(Credential refused) throws BmcException {
    if (current != null && current != refused) {
      return current;
    }
    current = login();
    return current;
  }

  private Credential login() throws BmcException {
    var basic = new Credential("Authorization", Credentials.basic(username, password));
    var path = sessionsPath;
    if (path == null) {
      return basic;
    }
    var body = new ObjectMapper().createObjectNode().put("UserName", username).put("Password", password);
    var request = new Request.Builder().url(http.address().resolve(path)).post(JsonBody.of(body)).build();
    var answer = http.exchange(request, false);
    var token = answer.header("X-Auth-Token");
    if (answer.successful() && token != null && !token.isBlank()) {
      sessionPath = answer.header("Location");
      return new Credential("X-Auth-Token", token);
    }
    if (answer.status() == 401) {
      throw new BmcException(Kind.AUTH_FAILED, http.describe(request) + ": the BMC refused the credentials (HTTP 401)");
    }
    LOG.debug("Redfish {}: no session from the BMC (HTTP {}); using HTTP Basic", http.address().display(),
        answer.status());
    return basic;
  }

  /** Ends the session on the BMC, if there is one; failures are only logged: the session will expire anyway. */
  synchronized void logout() {
    var credential = current;
    var path = sessionPath;
    current = null;
    sessionPath = null;
    if (credential == null || !credential.isSession() || path == null) {
      return;
    }
    try {
      var request = credential.applyTo(new Request.Builder().url(http.address().resolve(path)).delete()).build();
      var answer = http.exchange(request, false);
      if (!answer.successful()) {
        LOG.debug("Redfish {}: logout answered HTTP {}", http.address().display(), answer.status());
      }
    } catch (BmcException e) {
      LOG.debug("Redfish {}: logout failed: {}", http.address().display(), e.getMessage());
    }
  }
}
