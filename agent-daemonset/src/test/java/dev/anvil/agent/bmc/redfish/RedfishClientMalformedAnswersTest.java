package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.PowerStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Redfish BMC (plain HTTP on 127.0.0.1) answering cut, non-JSON, wrongly typed or wrongly labelled bodies and links
 * that are no path on it: the system resource itself fails as PROTOCOL, anything else leaves only its own fields
 * null, and no request ever goes to another host.
 */
@Timeout(60)
class RedfishClientMalformedAnswersTest {

  private static final String ROOT = "/redfish/v1/";
  private static final String SYSTEM = "/redfish/v1/Systems/1";
  private static final String SYSTEM_JSON = """
      {"@odata.id": "/redfish/v1/Systems/1", "PowerState": "On", "Status": {"Health": "OK"},
       "Manufacturer": "Anvil", "MemorySummary": {"TotalSystemMemoryGiB": 64}, "ProcessorSummary": {"Count": 2},
       "Boot": {"BootSourceOverrideEnabled": "Once", "BootSourceOverrideTarget": "Pxe"},
       "Actions": {"#ComputerSystem.Reset": {"target": "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset"}},
       "Links": {"Chassis": [{"@odata.id": "/redfish/v1/Chassis/1"}],
                 "ManagedBy": [{"@odata.id": "/redfish/v1/Managers/1"}]}}""";
  private static final List<String> NOT_A_JSON_OBJECT = List.of("", " ", "null", "[]", "[{\"PowerState\": \"On\"}]",
      "\"On\"", "42", "1e999", "true", "<html><body><h1>502 Bad Gateway</h1></body></html>", "{".repeat(100_000),
      "[".repeat(100_000), "{\"a\":".repeat(50_000), "{\"PowerState\": \"On\"", "{'PowerState': 'On'}");

  private record Answer(String contentType, byte[] body) {
  }

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final AtomicInteger elsewhereRequests = new AtomicInteger();
  private HttpServer bmc;
  private HttpServer elsewhere;
  private RedfishClient client;

  @BeforeEach
  void start() throws Exception {
    bmc = server(this::answer);
    elsewhere = server(exchange -> {
      elsewhereRequests.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
    });
    serve(ROOT, "{\"Systems\": {\"@odata.id\": \"/redfish/v1/Systems\"}}");
    serve(SYSTEM, SYSTEM_JSON);
    serve("/redfish/v1/Chassis/1", "{\"Thermal\": {\"@odata.id\": \"/redfish/v1/Chassis/1/Thermal\"}}");
    serve("/redfish/v1/Chassis/1/Thermal", "{\"Temperatures\": [{\"Name\": \"Inlet\", \"ReadingCelsius\": 21}]}");
    serve("/redfish/v1/Managers/1", "{\"FirmwareVersion\": \"2.0\"}");
    client = client(SYSTEM);
  }

  @AfterEach
  void stop() {
    client.close();
    bmc.stop(0);
    elsewhere.stop(0);
  }

  @Test
  void everyTruncationOfTheSystemIsAProtocolFailure() {
    for (int length = 0; length < SYSTEM_JSON.length(); length++) {
      serve(SYSTEM, SYSTEM_JSON.substring(0, length));
      assertProtocol(client::power, "GET " + SYSTEM);
    }
    serve(SYSTEM, SYSTEM_JSON);
    assertThat(power()).isEqualTo(PowerStatus.On);
  }

  @Test
  void systemBodiesThatAreNotAJsonObjectOrJunkAreProtocolFailures() {
    for (var body : NOT_A_JSON_OBJECT) {
      serve(SYSTEM, body);
      assertProtocol(client::power, "GET " + SYSTEM);
    }
    var random = new Random(20240601L);
    for (int i = 0; i < 300; i++) {
      var junk = new byte[random.nextInt(2000)];
      random.nextBytes(junk);
      answers.put(SYSTEM, new Answer("application/json", junk));
      assertProtocol(client::power, "GET " + SYSTEM);
    }
  }

  @Test
  void theBodyDecidesNotTheContentType() {
    answers.put(SYSTEM, new Answer("text/html", SYSTEM_JSON.getBytes(StandardCharsets.UTF_8)));
    assertThat(power()).isEqualTo(PowerStatus.On);
    answers.put(SYSTEM, new Answer("application/json", "<html>ok</html>".getBytes(StandardCharsets.UTF_8)));
    assertProtocol(client::power, "not JSON");
    answers.put(SYSTEM, new Answer(null, SYSTEM_JSON.getBytes(StandardCharsets.UTF_8)));
    assertThat(power()).isEqualTo(PowerStatus.On);
  }

  @Test
  void hugeNumbersWrongTypesAndNullsReadAsNull() throws Exception {
    serve(SYSTEM, """
        {"PowerState": 1e999, "Status": [], "Manufacturer": {"Name": "Anvil"}, "Model": 7,
         "MemorySummary": {"TotalSystemMemoryGiB": 1e999}, "ProcessorSummary": {"Count": 123456789012345678901},
         "Boot": "Pxe", "Actions": [], "Links": {"Chassis": {"@odata.id": "/redfish/v1/Chassis/1"},
         "ManagedBy": [null, 7, "x", {"@odata.id": ["/redfish/v1/Managers/1"]}]}}""");
    var snapshot = client.read();

    assertThat(snapshot.power()).isEqualTo(PowerStatus.Unknown);
    assertThat(snapshot.health()).isNull();
    assertThat(snapshot.boot()).isNull();
    assertThat(snapshot.supportedActions()).isEmpty();
    assertThat(snapshot.inventory().manufacturer()).isNull();
    assertThat(snapshot.inventory().model()).isEqualTo("7");
    assertThat(snapshot.inventory().memoryGiB()).isNull();
    assertThat(snapshot.inventory().cpus()).isNull();
    assertThat(snapshot.inventory().bmcFirmware()).isNull();
    assertThat(snapshot.sensors()).isEmpty();

    serve(SYSTEM, SYSTEM_JSON);
    serve("/redfish/v1/Chassis/1/Thermal", """
        {"Temperatures": [{"Name": "Inlet", "ReadingCelsius": 1e999, "UpperThresholdCritical": "Infinity",
          "LowerThresholdCritical": -1e999}, null, 7, [], {"Name": ["x"], "ReadingCelsius": {"value": 3}}]}""");
    assertThat(client.read().sensors()).allSatisfy(sensor -> {
      assertThat(sensor.reading()).isNull();
      assertThat(sensor.upperCritical()).isNull();
      assertThat(sensor.lowerCritical()).isNull();
    });
  }

  @Test
  void partsOfAPollThatAreJunkLeaveOnlyTheirFieldsEmpty() throws Exception {
    for (var path : List.of("/redfish/v1/Chassis/1", "/redfish/v1/Chassis/1/Thermal", "/redfish/v1/Managers/1")) {
      var valid = answers.get(path);
      for (var body : NOT_A_JSON_OBJECT) {
        serve(path, body);
        var snapshot = client.read();
        assertThat(snapshot.power()).as(path + " as " + abbreviate(body)).isEqualTo(PowerStatus.On);
        assertThat(snapshot.inventory().manufacturer()).isEqualTo("Anvil");
      }
      answers.put(path, valid);
    }
  }

  /** Links are the BMC's to give, but an absolute or scheme-relative one would carry the credentials elsewhere. */
  @Test
  void linksThatAreNoPathOnTheBmcNeverLeaveIt() throws Exception {
    var other = "127.0.0.1:" + elsewhere.getAddress().getPort();
    serve(ROOT, "{\"Systems\": {\"@odata.id\": \"/redfish/v1/Systems\"}, \"Links\": {\"Sessions\": "
        + "{\"@odata.id\": \"//" + other + "/redfish/v1/SessionService/Sessions\"}}}");
    serve(SYSTEM, """
        {"PowerState": "On", "Links": {"Chassis": [{"@odata.id": "ftp://x/c"}, {"@odata.id": "http://"},
          {"@odata.id": "//OTHER/c"}, {"@odata.id": "\\\\\\\\OTHER\\\\c"}, {"@odata.id": "http://user:pw@OTHER/c"}],
         "ManagedBy": [{"@odata.id": "//OTHER/m"}]},
         "LogServices": {"@odata.id": "https:OTHER/l"}}""".replace("OTHER", other));
    var fresh = client(SYSTEM);
    try {
      var snapshot = fresh.read();
      assertThat(snapshot.power()).isEqualTo(PowerStatus.On);
      assertThat(snapshot.sensors()).isEmpty();
      assertThat(elsewhereRequests).hasValue(0);
    } finally {
      fresh.close();
    }
  }

  @Test
  void aSystemsLinkThatIsNoPathIsAProtocolFailure() throws Exception {
    serve(ROOT, "{\"Systems\": {\"@odata.id\": \"ftp://user:secret@x/Systems\"}}");
    var unnamed = client("");
    try {
      var failure = assertProtocol(unnamed::power, "where a path on it belongs");
      assertThat(failure.getMessage()).doesNotContain("secret");
    } finally {
      unnamed.close();
    }
  }

  @Test
  void anAnswerCutOffMidBodyIsUnreachableAfterItsRetries() {
    answers.put(SYSTEM, new Answer("cut", SYSTEM_JSON.getBytes(StandardCharsets.UTF_8)));
    var failure = catchThrowable(client::power);
    assertThat(failure).isInstanceOf(BmcException.class);
    assertThat(((BmcException) failure).kind()).isEqualTo(Kind.UNREACHABLE);
  }

  private PowerStatus power() {
    try {
      return client.power();
    } catch (BmcException e) {
      throw new AssertionError(e.kind() + ": " + e.getMessage(), e);
    }
  }

  private static BmcException assertProtocol(ThrowingCallable call, String text) {
    var thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(BmcException.class).hasMessageContaining(text);
    var failure = (BmcException) thrown;
    assertThat(failure.kind()).as(failure.getMessage()).isEqualTo(Kind.PROTOCOL);
    return failure;
  }

  private RedfishClient client(String path) throws BmcException {
    return RedfishClient.create(new BmcEndpoint(URI.create("redfish+http://127.0.0.1:" + bmc.getAddress().getPort()
        + path), "admin", "secret", null, false, 3, true, Duration.ofSeconds(5)));
  }

  private void serve(String path, String json) {
    answers.put(path, new Answer("application/json", json.getBytes(StandardCharsets.UTF_8)));
  }

  /** The answer for the path (query included), 404 without one; content type "cut" sends a third of the body. */
  private void answer(HttpExchange exchange) throws IOException {
    var uri = exchange.getRequestURI();
    var answer = answers.get(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    if (answer == null) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    if (answer.contentType() != null && !answer.contentType().equals("cut")) {
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
    }
    exchange.sendResponseHeaders(200, answer.body().length == 0 ? -1 : answer.body().length);
    try (var out = exchange.getResponseBody()) {
      out.write(answer.body(), 0, "cut".equals(answer.contentType()) ? answer.body().length / 3 : answer.body().length);
    }
  }

  private static HttpServer server(HttpHandler handler) throws IOException {
    var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        // a fresh connection per request: on a kept-alive one, the headers and body written apart wait out the
        // client's delayed acknowledgement (40 ms a request)
        exchange.getResponseHeaders().set("Connection", "close");
        handler.handle(exchange);
      }
    });
    server.start();
    return server;
  }

  private static String abbreviate(String body) {
    return body.length() > 40 ? body.substring(0, 40) + "..." : body;
  }
}
