package dev.anvil.agent.bmc.redfish;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * One BMC's HTTP exchanges, with bounded retries: an idempotent request is retried after a connection failure or a
 * transient 5xx; a non-idempotent one only when it never left (the connection failed before its headers were sent),
 * so an action is never carried out twice. Connections are pooled across every client of the agent.
 */
final class RedfishHttp {

  /** What the BMC answered. */
  record Answer(int status, Headers headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }

    boolean successful() {
      return status >= 200 && status < 300;
    }
  }

  static final int ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(2);
  private static final Set<Integer> TRANSIENT = Set.of(500, 502, 503, 504);

  /** Marks a call whose request headers started to go out; the listener below sets it. */
  private static final class Sent {
    volatile boolean value;
  }

  private static final EventListener SENT_LISTENER = new EventListener() {
    @Override
    public void requestHeadersStart(Call call) {
      var sent = call.request().tag(Sent.class);
      if (sent != null) {
        sent.value = true;
      }
    }
  };

  /** Shared by every BMC client of the agent: one connection pool, per-BMC settings on top. */
  private static final OkHttpClient SHARED = new OkHttpClient.Builder()
      // one idle connection per BMC an agent serves (the BMC benchmark: with 32 for 50 BMCs, 0.9 TLS handshakes per
      // poll at 4x the CPU), kept longer than the usual 30-60 s poll interval
      .connectionPool(new ConnectionPool(512, 90, TimeUnit.SECONDS))
      .eventListener(SENT_LISTENER)
      // a redirect could carry the session token to another host; Redfish services do not redirect
      .followRedirects(false)
      .followSslRedirects(false)
      .build();

  private final OkHttpClient client;
  private final RedfishAddress address;

  private RedfishHttp(OkHttpClient client, RedfishAddress address) {
    this.client = client;
    this.address = address;
  }

  /** The endpoint's client: its timeouts on every phase of a request, its TLS trust. */
  static RedfishHttp create(BmcEndpoint endpoint, RedfishAddress address) throws BmcException {
    var timeout = endpoint.timeout();
    var builder = SHARED.newBuilder().connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
        .callTimeout(timeout);
    return new RedfishHttp(RedfishTls.configure(builder, endpoint).build(), address);
  }

  RedfishAddress address() {
    return address;
  }

  /** Sends the request, retrying as the class describes, and reads the whole answer. */
  Answer exchange(Request request, boolean idempotent) throws BmcException {
    for (var attempt = 1; ; attempt++) {
      var sent = new Sent();
      var call = client.newCall(request.newBuilder().tag(Sent.class, sent).build());
      try (var response = call.execute()) {
        var answer = new Answer(response.code(), response.headers(), response.body().bytes());
        if (idempotent && TRANSIENT.contains(answer.status()) && attempt < ATTEMPTS) {
          pause(backoff(attempt, answer.header("Retry-After")), request);
          continue;
        }
        return answer;
      } catch (SSLException e) {
        throw new BmcException(Kind.TLS, describe(request) + ": TLS failed: " + e.getMessage(), e);
      } catch (IOException e) {
        if (attempt < ATTEMPTS && (idempotent || !sent.value)) {
          pause(backoff(attempt, null), request);
          continue;
        }
        var outcome = idempotent || !sent.value ? "" : " (sent; the BMC may or may not have carried it out)";
        throw new BmcException(Kind.UNREACHABLE, describe(request) + ": no answer after " + attempt
            + (attempt == 1 ? " attempt" : " attempts") + outcome + ": " + e, e);
      }
    }
  }

  /** Doubling backoff with jitter, or the BMC's {@code Retry-After} when longer (capped). */
  private static Duration backoff(int attempt, String retryAfter) {
    var base = FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
    var jittered = base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 2 + 1));
    if (retryAfter != null && retryAfter.matches("\\d{1,4}")) {
      var asked = Duration.ofSeconds(Long.parseLong(retryAfter));
      return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked.compareTo(jittered) > 0 ? asked : jittered;
    }
    return jittered;
  }

  private void pause(Duration duration, Request request) throws BmcException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BmcException(Kind.UNREACHABLE, describe(request) + ": interrupted while waiting to retry", e);
    }
  }

  /** How messages name a request: method, BMC and path, never headers, body or userinfo. */
  String describe(Request request) {
    return "Redfish " + address.display() + ": " + request.method() + " " + request.url().encodedPath();
  }
}
