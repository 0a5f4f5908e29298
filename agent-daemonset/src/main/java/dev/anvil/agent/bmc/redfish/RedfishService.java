package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.io.IOException;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BMC's Redfish service as JSON resources: authenticated GET, action POST and PATCH, with one re-login when a
 * session is refused, and HTTP failures turned into {@link BmcException}s carrying the BMC's own message.
 */
final class RedfishService implements ResourceSource {

  private static final Logger LOG = LoggerFactory.getLogger(RedfishService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A resource and the ETag it came with ({@code ETag} header, else {@code @odata.etag}), or null. */
  record Resource(JsonNode json, String etag) {
  }

  private final RedfishHttp http;
  private final RedfishSession session;

  RedfishService(RedfishHttp http, RedfishSession session) {
    this.http = http;
    this.session = session;
  }

  /** The service root, read without credentials as the standard allows. */
  JsonNode root() throws BmcException {
    var request = new Request.Builder().url(http.address().resolve(RedfishAddress.SERVICE_ROOT)).get().build();
    return json(request, check(request, http.exchange(request, true)));
  }

  @Override
  public JsonNode get(String path) throws BmcException {
    return fetch(path).json();
  }

  /** GET of a resource with its ETag. */
  Resource fetch(String path) throws BmcException {
    var request = request(path).get().build();
    try {
      var answer = check(request, send(request, true));
      var json = json(request, answer);
      var etag = answer.header("ETag");
      return new Resource(json, etag != null ? etag : RedfishJson.text(json, "@odata.etag"));
    } catch (BmcException e) {
      LOG.debug("{}", e.getMessage());
      throw e;
    }
  }

  /** POST of an action; never repeated once sent. */
  void post(String path, JsonNode body) throws BmcException {
    var request = request(path).post(JsonBody.of(body)).build();
    check(request, send(request, false));
  }

  /** PATCH, conditional on the ETag when one is given; false when the BMC answers 412 (the resource changed). */
  boolean patch(String path, JsonNode body, String ifMatch) throws BmcException {
    var builder = request(path).patch(JsonBody.of(body));
    if (ifMatch != null) {
      builder.header("If-Match", ifMatch);
    }
    var request = builder.build();
    var answer = send(request, false);
    if (answer.status() == 412) {
      return false;
    }
    check(request, answer);
    return true;
  }

  /** Logs out; never throws. */
  void close() {
    session.logout();
  }

  private Request.Builder request(String path) throws BmcException {
    return new Request.Builder().url(http.address().resolve(path)).header("OData-Version", "4.0")
        .header("Accept", "application/json");
  }

  /** Sends with the current credential; on 401 logs in again once and repeats (a 401 request was not carried out). */
  private RedfishHttp.Answer send(Request request, boolean idempotent) throws BmcException {
    var credential = session.current();
    var answer = http.exchange(credential.applyTo(request.newBuilder()).build(), idempotent);
    if (answer.status() != 401) {
      return answer;
    }
    if (credential.isSession()) {
      LOG.debug("Redfish {}: session refused; logging in again", http.address().display());
      answer = http.exchange(session.renew(credential).applyTo(request.newBuilder()).build(), idempotent);
    }
    if (answer.status() == 401) {
      throw new BmcException(Kind.AUTH_FAILED, http.describe(request) + ": the BMC refused the credentials (HTTP 401)");
    }
    return answer;
  }

  private RedfishHttp.Answer check(Request request, RedfishHttp.Answer answer) throws BmcException {
    if (answer.successful()) {
      return answer;
    }
    var message = RedfishErrors.message(answer.body());
    throw new BmcException(Kind.REJECTED, http.describe(request) + ": HTTP " + answer.status()
        + (message != null ? ": " + message : ""));
  }

  private JsonNode json(Request request, RedfishHttp.Answer answer) throws BmcException {
    try {
      var json = JSON.readTree(answer.body());
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (JsonProcessingException e) {
      throw new BmcException(Kind.PROTOCOL, http.describe(request) + ": the answer is not JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BmcException(Kind.PROTOCOL, http.describe(request) + ": the answer is not JSON", e);
    }
    throw new BmcException(Kind.PROTOCOL, http.describe(request) + ": the answer is not a JSON object");
  }
}
