package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CentralRedisClient;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routes the web console uses beyond the kinds' own (issue 7), through the booted apiserver with a real Redis:
 * the sign-in check (and {@code kubectl auth whoami}), the agent list, a BmcHost's sensor history and the console's
 * public files.
 */
class WebConsoleRoutesIT {

  private static final String BASE = "/apis/anvil.dev/v1alpha1/";
  private static final String ADMIN = ApiServerWithEmbeddedKube.TOKEN;
  private static final String TEAM = ApiServerWithEmbeddedKube.TEAM_A_TOKEN;

  // a client id without OIDC on: the console still gets no OIDC sign-in
  @RegisterExtension
  static final KubectlFixture KUBE = new KubectlFixture("--anvil.ui.oidc.client-id=console");

  private static RedisClient redis;
  private static StatefulRedisConnection<String, String> connection;

  @BeforeAll
  static void connect() {
    redis = CentralRedisClient.create(KUBE.server().redisUri(), Duration.ofSeconds(5));
    connection = redis.connect();
  }

  @AfterAll
  static void disconnect() {
    connection.close();
    redis.shutdown();
  }

  @Test
  void theSelfSubjectReviewNamesTheCallerAndKubectlAuthWhoamiPrintsIt() throws Exception {
    var body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}";
    var admin = post("/apis/authentication.k8s.io/v1/selfsubjectreviews", body, ADMIN);
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(201);
    var review = json(admin.body());
    assertThat(review).containsEntry("kind", "SelfSubjectReview")
        .containsEntry("apiVersion", "authentication.k8s.io/v1");
    assertThat(userInfo(review)).containsEntry("username", "admin").containsEntry("groups", List.of());
    assertThat(userInfo(json(post("/apis/authentication.k8s.io/v1/selfsubjectreviews", body, TEAM).body())))
        .containsEntry("username", "team-a");

    var refused = post("/apis/authentication.k8s.io/v1/selfsubjectreviews", body, "anvil_admin_" + "b".repeat(32));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("\"kind\":\"Status\"", "\"reason\":\"Unauthorized\"");

    var whoami = KUBE.kubectl().run("auth", "whoami", "-o", "json");
    assertThat(whoami.exitCode()).as(whoami.err()).isZero();
    assertThat(userInfo(json(whoami.out()))).containsEntry("username", "admin");
    var table = KUBE.kubectl().run("--token=" + TEAM, "auth", "whoami");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("Username", "team-a");
  }

  @Test
  void theAgentListShowsTheRegistryWithLivenessAndIsForClusterWideReadersOnly() throws Exception {
    var now = System.currentTimeMillis();
    register("agent-b", "node-b", "dc2", now - Duration.ofMinutes(2).toMillis(), false);
    register("agent-a", "node-a", "dc1", now, true);

    var response = get(BASE + "agents", ADMIN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var list = json(response.body());
    assertThat(list).containsEntry("apiVersion", "anvil.dev/v1alpha1").containsEntry("kind", "AgentList");
    var items = items(list);
    assertThat(items).extracting(i -> i.get("id")).containsExactly("agent-a", "agent-b");
    var live = items.get(0);
    assertThat(live).containsEntry("nodeName", "node-a").containsEntry("datacenter", "dc1")
        .containsEntry("version", "1.2.3").containsEntry("connected", true).containsEntry("cpuLoad", 0.25)
        .containsEntry("memoryUsedBytes", 2048).containsEntry("runningAttempts", 2).containsEntry("bmcHosts", 1)
        .containsEntry("labels", Map.of("rack", "r7"))
        .containsEntry("lastHeartbeat", Instant.ofEpochMilli(now).toString())
        .containsEntry("capacity", Map.of("maxConcurrentAttempts", 4, "cpuCores", 8, "memoryBytes", 17179869184L));
    var stale = items.get(1);
    assertThat(stale).as("a heartbeat older than three intervals").containsEntry("connected", false)
        .containsEntry("cpuLoad", -1.0).containsEntry("memoryUsedBytes", -1).containsEntry("runningAttempts", 0)
        .containsEntry("bmcHosts", 0);

    var viaKubectl = KUBE.kubectl().run("get", "--raw", BASE + "agents");
    assertThat(viaKubectl.exitCode()).as(viaKubectl.err()).isZero();
    assertThat(viaKubectl.out()).contains("\"kind\":\"AgentList\"");

    var team = get(BASE + "agents", TEAM);
    assertThat(team.statusCode()).isEqualTo(403);
    assertThat(team.body()).contains("\"reason\":\"Forbidden\"", "cannot list resource \\\"agents\\\"",
        "at the cluster scope");
    assertThat(get(BASE + "agents", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aHostsHistoryIsTheStreamWithinTheWindowOldestFirst() throws Exception {
    var uid = host("team-a", "r1");
    var now = System.currentTimeMillis();
    var key = BusKeys.bmcHistory(uid);
    append(key, now - Duration.ofHours(8).toMillis(), "{\"t\":1,\"up\":1,\"power\":\"Off\",\"health\":\"OK\","
        + "\"sensors\":{}}");
    append(key, now - Duration.ofHours(1).toMillis(), "{\"t\":2,\"up\":0,\"error\":\"UNREACHABLE\"}");
    append(key, now - Duration.ofMinutes(1).toMillis(), "{\"t\":3,\"up\":1,\"power\":\"On\",\"health\":\"OK\","
        + "\"sensors\":{\"CPU Temp\":41.5}}");
    var path = BASE + "namespaces/team-a/bmchosts/r1/history";

    var recent = get(path, ADMIN);
    assertThat(recent.statusCode()).as(recent.body()).isEqualTo(200);
    var history = json(recent.body());
    assertThat(history).containsEntry("kind", "BmcHostHistory").containsEntry("apiVersion", "anvil.dev/v1alpha1");
    assertThat(items(history)).as("the default window is 6h").containsExactly(
        Map.of("t", 2, "up", 0, "error", "UNREACHABLE"),
        Map.of("t", 3, "up", 1, "power", "On", "health", "OK", "sensors", Map.of("CPU Temp", 41.5)));
    assertThat(items(json(get(path + "?since=1d", ADMIN).body()))).extracting(i -> i.get("t"))
        .containsExactly(1, 2, 3);
    assertThat(items(json(get(path + "?since=30m", TEAM).body()))).extracting(i -> i.get("t")).containsExactly(3);
    var viaKubectl = KUBE.kubectl().run("get", "--raw", path + "?since=1h30m");
    assertThat(viaKubectl.exitCode()).as(viaKubectl.err()).isZero();
    assertThat(items(json(viaKubectl.out()))).hasSize(2);
    host("team-a", "quiet");
    assertThat(items(json(get(BASE + "namespaces/team-a/bmchosts/quiet/history", ADMIN).body()))).isEmpty();

    for (var bad : List.of("8d", "0s", "6", "soon", "-1h")) {
      var refused = get(path + "?since=" + bad, ADMIN);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.body()).contains("\"reason\":\"BadRequest\"", "since");
    }
    var missing = get(BASE + "namespaces/team-a/bmchosts/nope/history", ADMIN);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("bmchosts.anvil.dev \\\"nope\\\" not found");
    var otherNamespace = get(BASE + "namespaces/ops/bmchosts/r1/history", TEAM);
    assertThat(otherNamespace.statusCode()).isEqualTo(403);
    assertThat(otherNamespace.body()).contains("cannot get resource \\\"bmchosts/history\\\"");

    var discovery = KUBE.kubectl().run("get", "--raw", "/apis/anvil.dev/v1alpha1");
    assertThat(discovery.out()).contains("\"name\":\"bmchosts/history\"");
  }

  @Test
  void theConsolesFilesArePublicWithTheirSecurityHeadersAndNothingElseIs() throws Exception {
    var root = get("/", null);
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
    assertThat(get("/ui", null).headers().firstValue("Location")).hasValue("/ui/");

    var index = get("/ui/", null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "text/html"));
    assertThat(index.body()).contains("Anvil test console");
    var csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("script-src 'self'", "connect-src 'self' ws: wss:", "frame-ancestors 'none'")
        .doesNotContain("script-src 'self' 'unsafe");
    assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    var script = get("/ui/assets/app.js", null);
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("testConsole");
    assertThat(script.headers().firstValue("Content-Security-Policy")).isPresent();

    var config = get("/ui/config.json", null);
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(json(config.body())).containsEntry("oidc", null).hasSize(1);

    assertThat(post("/ui/config.json", "{}", null).statusCode()).as("only GETs are public").isEqualTo(401);
    assertThat(get(BASE + "jobs", null).statusCode()).isEqualTo(401);
    assertThat(get("/apis", null).statusCode()).isEqualTo(401);
  }

  private static void register(String id, String node, String datacenter, long heartbeat, boolean heartbeated) {
    var fields = new LinkedHashMap<String, String>();
    fields.put("node", node);
    fields.put("datacenter", datacenter);
    fields.put("labels", "{\"rack\":\"r7\"}");
    fields.put("capacity", "{\"maxConcurrentAttempts\":4,\"cpuCores\":8,\"memoryBytes\":17179869184}");
    fields.put("version", "1.2.3");
    fields.put("features", "[]");
    fields.put("replica", "replica-1");
    fields.put("session", "s-" + id);
    fields.put("lastHeartbeat", Long.toString(heartbeat));
    if (heartbeated) {
      fields.put("cpu", "0.25");
      fields.put("memory", "2048");
      fields.put("running", "[\"job-1/1\",\"job-2/1\"]");
      fields.put("bmcHosts", "{\"uid-1\":\"3\"}");
    }
    connection.sync().hset(BusKeys.agent(id), fields);
    connection.sync().zadd(BusKeys.AGENTS, (double) heartbeat, id);
  }

  private static String host(String namespace, String name) {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://10.0.0.1:623");
    host.setSpec(spec);
    return KUBE.server().backing().resource(host).create().getMetadata().getUid();
  }

  private static void append(String key, long millis, String entry) {
    connection.sync().xadd(key, new XAddArgs().id(millis + "-0"), Map.of("entry", entry));
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(KUBE.server().url() + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return ApiServerWithEmbeddedKube.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body, String token) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(KUBE.server().url() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return ApiServerWithEmbeddedKube.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String body) {
    return Serialization.unmarshal(body, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> userInfo(Map<String, Object> review) {
    return (Map<String, Object>) ((Map<String, Object>) review.get("status")).get("userInfo");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(Map<String, Object> list) {
    return (List<Map<String, Object>>) list.get("items");
  }
}
