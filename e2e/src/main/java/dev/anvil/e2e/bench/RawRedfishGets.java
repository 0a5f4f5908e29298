package dev.anvil.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.redfish.RedfishTls;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The ceiling of a Redfish poll: the GETs a RedfishClient poll sends, as bare OkHttp calls on the client's HTTP
 * stack (one connection pool shared by every BMC, keep-alive, the endpoint's timeouts and TLS) with a session token,
 * each body read whole and nothing parsed.
 */
final class RawRedfishGets implements AutoCloseable {

  /** RedfishHttp's pool: at most 32 idle connections, kept for a minute. */
  static final int AGENT_POOL = 32;
  private static final String SESSIONS = "/redfish/v1/SessionService/Sessions";
  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient shared;

  /** Requests on a pool keeping at most {@code idleConnections} for a minute, without redirects (as RedfishHttp). */
  RawRedfishGets(int idleConnections) {
    shared = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(idleConnections, 1, TimeUnit.MINUTES))
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** Logs in to the BMC and returns a poll that GETs each target ("/path?query") once, in order. */
  PollRound.Poll poll(BmcEndpoint endpoint, List<String> targets) throws Exception {
    var timeout = endpoint.timeout();
    var client = RedfishTls.configure(shared.newBuilder().connectTimeout(timeout).readTimeout(timeout)
        .writeTimeout(timeout).callTimeout(timeout), endpoint).build();
    var base = HttpUrl.get("https://" + endpoint.address().getHost() + ":" + endpoint.address().getPort());
    var token = login(client, base, endpoint);
    var requests = targets.stream().map(target -> new Request.Builder().url(base.resolve(target))
        .header("X-Auth-Token", token).header("OData-Version", "4.0").header("Accept", "application/json")
        .get().build()).toList();
    return () -> {
      for (var request : requests) {
        try (var response = client.newCall(request).execute()) {
          response.body().bytes();
          if (response.code() != 200) {
            throw new IOException("GET " + request.url().encodedPath() + ": HTTP " + response.code());
          }
        }
      }
    };
  }

  private static String login(OkHttpClient client, HttpUrl base, BmcEndpoint endpoint) throws IOException {
    var body = new ObjectMapper().createObjectNode().put("UserName", endpoint.username())
        .put("Password", endpoint.password()).toString();
    var request = new Request.Builder().url(base.resolve(SESSIONS)).post(RequestBody.create(body, JSON)).build();
    try (var response = client.newCall(request).execute()) {
      var token = response.header("X-Auth-Token");
      if (response.code() != 201 || token == null) {
        throw new IOException("login at " + base + " answered HTTP " + response.code());
      }
      return token;
    }
  }

  /** Closes the pool's connections. */
  @Override
  public void close() {
    shared.connectionPool().evictAll();
  }
}
