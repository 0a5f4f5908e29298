package dev.anvil.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.anvil.apiserver.ApiServerApplication;
import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.crds.v1alpha1.Attempt;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.JobStatus;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The booted apiserver's front door: API keys from a watched Secret, OIDC JWTs against a local JWKS, Kubernetes
 * tokens through TokenReview, namespaces enforced on the log route, delegated console tokens, health and audit.
 */
class AuthIT {

  private static final String ISSUER = "https://issuer.test";
  private static final String AUDIENCE = "anvil";
  private static final String ALICE = "anvil_alice_" + "a".repeat(32);
  private static final String SA_TOKEN = "header.payload-of-the-sa-token.signature";
  private static final String UNREVIEWABLE = "header.payload-nobody-can-review.signature";

  private static RedisProcess redisProcess;
  private static EmbeddedKubeApi kube;
  private static KubernetesClient client;
  private static RedisClient redisClient;
  private static HttpServer jwks;
  private static RSAKey signingKey;
  private static ConfigurableApplicationContext app;
  private static String base;
  private static final AtomicInteger tokenReviews = new AtomicInteger();
  private static final ListAppender<ILoggingEvent> audit = new ListAppender<>();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void boot() throws Exception {
    redisProcess = RedisProcess.start();
    kube = EmbeddedKubeApi.start();
    client = kube.newClient();
    redisClient = RedisClients.client(redisProcess);
    startJwks();
    answerTokenReviews();
    apiKeys(Map.of("alice", entry(ALICE, "alice", List.of("team-a"), List.of("team-a"), List.of("get", "create"))));
    System.setProperty("kubernetes.master", kube.url());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    app = new SpringApplicationBuilder(ApiServerApplication.class).run(
        "--server.port=0", "--server.address=127.0.0.1",
        "--spring.grpc.server.port=" + RedisClients.freePort(), "--spring.grpc.server.address=127.0.0.1",
        "--anvil.redis.uri=" + redisProcess.uri(), "--anvil.hub.bootstrap-secret.namespace=anvil",
        "--anvil.auth.api-keys.secret-namespace=anvil", "--anvil.auth.delegated.secret-namespace=anvil",
        "--anvil.auth.oidc.issuer-uri=" + ISSUER,
        "--anvil.auth.oidc.jwk-set-uri=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks",
        "--anvil.auth.oidc.audiences=" + AUDIENCE,
        "--anvil.authz.mode=api-key-namespaces", "--anvil.authz.admin-groups=oidc:admins");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    // after the boot: Spring Boot resets the logging system while it starts
    ((Logger) LoggerFactory.getLogger(AuditFilter.LOGGER)).addAppender(audit);
    audit.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ApiKeys.class).size() == 1);
  }

  @AfterAll
  static void shutDown() {
    System.clearProperty("kubernetes.master");
    System.clearProperty("kubernetes.auth.tryKubeConfig");
    ((Logger) LoggerFactory.getLogger(AuditFilter.LOGGER)).detachAppender(audit);
    if (app != null) {
      app.close();
    }
    jwks.stop(0);
    redisClient.shutdown();
    client.close();
    kube.close();
    redisProcess.close();
  }

  @Test
  void withoutATokenEveryRouteIsUnauthorizedAsKubeApiserverSaysIt() throws Exception {
    for (var path : List.of("/apis/anvil.dev/v1alpha1/namespaces/team-a/jobs/x/log", "/apis", "/api/v1/pods",
        "/version", "/openapi/v3", "/metrics", "/anything/else")) {
      var response = get(path, null);
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      var status = status(response);
      assertThat(status.getReason()).isEqualTo("Unauthorized");
      assertThat(status.getCode()).isEqualTo(401);
    }
  }

  @Test
  void aBadTokenOfEveryShapeIsUnauthorized() throws Exception {
    for (var token : List.of("anvil_alice_" + "b".repeat(32), "anvil_nobody_" + "a".repeat(32), "garbage",
        jwt(ISSUER, AUDIENCE, Instant.now().plusSeconds(300), otherKey()))) {
      var response = get("/apis/anvil.dev/v1alpha1/namespaces/team-a/jobs/x/log", token);
      assertThat(response.statusCode()).as(token).isEqualTo(401);
      assertThat(status(response).getReason()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void anApiKeyReadsItsNamespacesLogAndIsForbiddenInAnother() throws Exception {
    job("team-a", "mine");
    job("team-b", "theirs");
    var mine = get("/apis/anvil.dev/v1alpha1/namespaces/team-a/jobs/mine/log", ALICE);
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.body()).isEqualTo("hello\n");

    var theirs = get("/apis/anvil.dev/v1alpha1/namespaces/team-b/jobs/theirs/log", ALICE);
    assertThat(theirs.statusCode()).isEqualTo(403);
    var status = status(theirs);
    assertThat(status.getReason()).isEqualTo("Forbidden");
    assertThat(status.getMessage()).isEqualTo("jobs.anvil.dev \"theirs\" is forbidden: User \"alice\" cannot get "
        + "resource \"jobs/log\" in API group \"anvil.dev\" in the namespace \"team-b\"");
    // the same answer whether or not the Job exists: a namespace's users learn nothing of another's
    assertThat(get("/apis/anvil.dev/v1alpha1/namespaces/team-b/jobs/nope/log", ALICE).statusCode()).isEqualTo(403);
  }

  @Test
  void theSecretHoldsTheKeysHashNotTheKey() {
    var secret = client.secrets().inNamespace("anvil").withName("anvil-api-keys").get();
    // the mock API keeps stringData as written; a real one turns it into data
    var stored = secret.getData() != null && secret.getData().containsKey("alice")
        ? new String(java.util.Base64.getDecoder().decode(secret.getData().get("alice")), StandardCharsets.UTF_8)
        : secret.getStringData().get("alice");
    assertThat(stored).contains(ApiKeys.hash(ALICE)).doesNotContain(ALICE).doesNotContain("a".repeat(32));
  }

  @Test
  void aKeyRotatedInTheSecretAppliesWithoutARestart() throws Exception {
    var old = "anvil_rot_" + "o".repeat(32);
    var next = "anvil_rot_" + "n".repeat(32);
    job("team-r", "rotated");
    var keys = Map.of("alice", entry(ALICE, "alice", List.of("team-a"), List.of("team-a"), List.of("get", "create")),
        "rot", entry(old, "rot", List.of(), List.of("team-r"), List.of("get")));
    apiKeys(keys);
    var path = "/apis/anvil.dev/v1alpha1/namespaces/team-r/jobs/rotated/log";
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(path, old).statusCode()).isEqualTo(200));

    apiKeys(Map.of("alice", keys.get("alice"), "rot", entry(next, "rot", List.of(), List.of("team-r"), List.of("get"))));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(get(path, next).statusCode()).isEqualTo(200);
      assertThat(get(path, old).statusCode()).isEqualTo(401);
    });
  }

  @Test
  void anOidcTokenIsAcceptedForItsIssuerAndAudienceUntilItExpires() throws Exception {
    job("team-o", "oidc");
    var path = "/apis/anvil.dev/v1alpha1/namespaces/team-o/jobs/oidc/log";
    // OIDC callers are no API keys: in api-key-namespaces mode only the admin groups pass
    var admin = jwt(ISSUER, AUDIENCE, Instant.now().plusSeconds(300), signingKey, List.of("admins"));
    assertThat(get(path, admin).statusCode()).isEqualTo(200);

    var user = jwt(ISSUER, AUDIENCE, Instant.now().plusSeconds(300), signingKey, List.of("team-o"));
    var refused = get(path, user);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(status(refused).getMessage()).contains("User \"oidc:someone\"");

    var wrongAudience = jwt(ISSUER, "somebody-else", Instant.now().plusSeconds(300), signingKey, List.of("admins"));
    assertThat(get(path, wrongAudience).statusCode()).isEqualTo(401);
    // past the validator's 60 s clock skew
    var expired = jwt(ISSUER, AUDIENCE, Instant.now().minusSeconds(120), signingKey, List.of("admins"));
    assertThat(get(path, expired).statusCode()).isEqualTo(401);
  }

  @Test
  void aServiceAccountTokenIsCheckedByTokenReviewAndTheAnswerCached() throws Exception {
    var before = tokenReviews.get();
    var response = get("/api/v1/nothing-here", SA_TOKEN);
    // authenticated (no route: 404), not 401
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/nothing-here", SA_TOKEN).statusCode()).isEqualTo(404);
    assertThat(tokenReviews.get() - before).isEqualTo(1);

    var refused = get("/api/v1/nothing-here", "header.payload-of-a-revoked-token.signature");
    assertThat(refused.statusCode()).isEqualTo(401);

    // a review the cluster does not answer is no verdict on the token: 503, retryable, not 401
    var unanswered = get("/api/v1/nothing-here", UNREVIEWABLE);
    assertThat(unanswered.statusCode()).as(unanswered.body()).isEqualTo(503);
    assertThat(status(unanswered).getReason()).isEqualTo("ServiceUnavailable");
  }

  @Test
  void healthIsServedWithoutATokenWithEachChecksDetail() throws Exception {
    var response = get("/api/v1/health", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<?, ?> body = Serialization.unmarshal(response.body(), Map.class);
    assertThat(body.get("ready")).isEqualTo(true);
    assertThat(((Map<?, ?>) body.get("checks")).keySet().stream().map(String::valueOf).toList())
        .containsExactlyInAnyOrder("redis", "kubernetes", "hub");
    assertThat(get("/api/v1/health/live", null).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsNeedATokenAndThenSpeakPrometheus() throws Exception {
    var response = get("/metrics", ALICE);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("anvil_apiserver_unauthorized_total").contains("jvm_memory_used_bytes");
  }

  @Test
  void aConsoleTokenIsMintedForAnAllowedCallerAndTheCallAudited() throws Exception {
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withName("node-1").withNamespace("team-a").build());
    client.resource(host).create();
    var response = post("/apis/anvil.dev/v1alpha1/namespaces/team-a/bmchosts/node-1/consoletoken?action=vnc", ALICE);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    Map<?, ?> body = Serialization.unmarshal(response.body(), Map.class);
    var token = (String) body.get("token");
    var grant = app.getBean(DelegatedTokens.class).verify(token, "team-a", "node-1", DelegatedTokens.Action.VNC);
    assertThat(grant.user()).isEqualTo("alice");
    assertThat(Instant.parse((String) body.get("expiresAt"))).isBefore(Instant.now().plusSeconds(61));

    var elsewhere = post("/apis/anvil.dev/v1alpha1/namespaces/team-b/bmchosts/node-1/consoletoken", ALICE);
    assertThat(elsewhere.statusCode()).isEqualTo(403);
    assertThat(status(elsewhere).getMessage()).isEqualTo("bmchosts.anvil.dev \"node-1\" is forbidden: User \"alice\" "
        + "cannot create resource \"bmchosts/console\" in API group \"anvil.dev\" in the namespace \"team-b\"");
    var missing = post("/apis/anvil.dev/v1alpha1/namespaces/team-a/bmchosts/nope/consoletoken", ALICE);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(post("/apis/anvil.dev/v1alpha1/namespaces/team-a/bmchosts/node-1/consoletoken", null).statusCode())
        .isEqualTo(401);

    var lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(l -> l.contains("/bmchosts/")).toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("method=POST")
        .contains("path=/apis/anvil.dev/v1alpha1/namespaces/team-a/bmchosts/node-1/consoletoken")
        .contains("user=alice").contains("groups=[team-a]").contains("status=201").contains("durationMs="));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("team-b").contains("status=403"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("user=system:anonymous").contains("status=401"));
    assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(ALICE).doesNotContain(token)
        .doesNotContain("action=vnc"));
    // reads are not audited
    assertThat(audit.list.stream().map(ILoggingEvent::getFormattedMessage)).noneMatch(l -> l.contains("method=GET"));
  }

  // ---- fixtures

  private static void startJwks() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var pair = generator.generateKeyPair();
    signingKey = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
        .keyID("test-key").build();
    var body = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwks.createContext("/jwks", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    jwks.start();
  }

  private static RSAKey otherKey() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    var pair = generator.generateKeyPair();
    return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
        .keyID("test-key").build();
  }

  private static String jwt(String issuer, String audience, Instant expires, RSAKey key) throws Exception {
    return jwt(issuer, audience, expires, key, List.of());
  }

  private static String jwt(String issuer, String audience, Instant expires, RSAKey key, List<String> groups)
      throws Exception {
    var claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("someone")
        .claim("groups", groups).issueTime(Date.from(expires.minusSeconds(600)))
        .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
    var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /**
   * The cluster knows one service-account token; every other token it reviews is not authenticated, except
   * {@link #UNREVIEWABLE}, whose review the cluster refuses (as it would an apiserver without the RBAC to ask).
   */
  private static void answerTokenReviews() {
    kube.server().expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(
        new ResponseProvider<Object>() {
          private Headers headers = Headers.builder().build();
          // the request body can be read once: the status code is asked first
          private final Map<RecordedRequest, String> bodies = new java.util.concurrent.ConcurrentHashMap<>();

          @Override
          public int getStatusCode(RecordedRequest request) {
            var body = bodies.computeIfAbsent(request, RecordedRequest::getUtf8Body);
            return body.contains(UNREVIEWABLE) ? 403 : 201;
          }

          @Override
          public Object getBody(RecordedRequest request) {
            tokenReviews.incrementAndGet();
            var body = bodies.remove(request);
            var review = Serialization.unmarshal(body != null ? body : request.getUtf8Body(), TokenReview.class);
            if (UNREVIEWABLE.equals(review.getSpec().getToken())) {
              return "{\"kind\": \"Status\", \"code\": 403}";
            }
            var known = SA_TOKEN.equals(review.getSpec().getToken());
            var answer = new TokenReviewBuilder(review).withNewStatus().withAuthenticated(known);
            if (known) {
              answer = answer.withNewUser().withUsername("system:serviceaccount:team-a:ci")
                  .withGroups("system:serviceaccounts", "system:serviceaccounts:team-a").endUser();
            }
            return answer.endStatus().build();
          }

          @Override
          public Headers getHeaders() {
            return headers;
          }

          @Override
          public void setHeaders(Headers headers) {
            this.headers = headers;
          }
        }).always();
  }

  private static String entry(String token, String user, List<String> groups, List<String> namespaces,
      List<String> verbs) {
    return Serialization.asJson(Map.of("hash", ApiKeys.hash(token), "user", user, "groups", groups,
        "namespaces", namespaces, "verbs", verbs));
  }

  private static void apiKeys(Map<String, String> entries) {
    client.secrets().inNamespace("anvil").resource(new SecretBuilder().withNewMetadata().withName("anvil-api-keys")
        .withNamespace("anvil").endMetadata().withStringData(entries).build()).createOr(e -> e.update());
  }

  private static void job(String namespace, String name) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    job.setSpec(new JobSpec());
    var created = client.resource(job).create();
    var status = new JobStatus();
    status.setAttempt(1);
    status.getAttempts().add(new Attempt(1, "2026-01-02T03:04:05Z"));
    created.setStatus(status);
    client.resource(created).updateStatus();
    try (var redis = redisClient.connect()) {
      redis.sync().xadd(BusKeys.log(new AttemptId(created.getMetadata().getUid(), 1)), new XAddArgs().id("1-0"),
          Map.of("stream", "stdout", "time", "1767323045060", "text", "hello"));
    }
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
  }

  private static HttpResponse<String> post(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()), token);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Status status(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), Status.class);
  }
}
