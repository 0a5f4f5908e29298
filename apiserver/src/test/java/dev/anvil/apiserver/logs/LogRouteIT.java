package dev.anvil.apiserver.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.ApiServerApplication;
import dev.anvil.apiserver.security.ApiKeys;
import dev.anvil.apiserver.testing.RedisClients;
import dev.anvil.apiserver.testing.TestTls;
import dev.anvil.crds.v1alpha1.Attempt;
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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.Limit;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The Job log route of the booted apiserver, read over real HTTP from a real Redis and the mock Kubernetes API. */
class LogRouteIT {

  private static final String NS = "logs";
  /** The production page size (anvil.logs.page-size), so the throughput figure is the real one. */
  private static final int PAGE = 1000;
  /** An API key allowed to read logs in {@link #NS} only (anvil.authz.mode=api-key-namespaces). */
  private static final String TOKEN = "anvil_reader_" + "r".repeat(32);

  private static RedisProcess redisProcess;
  private static EmbeddedKubeApi kube;
  private static KubernetesClient client;
  private static RedisClient redisClient;
  private static StatefulRedisConnection<String, String> redis;
  private static ConfigurableApplicationContext app;
  private static String base;
  /** TLS, because kubectl sends no bearer token over plain HTTP. */
  private static final TestTls TLS = TestTls.create();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .sslContext(TLS.sslContext()).build();

  @BeforeAll
  static void boot() throws Exception {
    redisProcess = RedisProcess.start();
    kube = EmbeddedKubeApi.start();
    client = kube.newClient();
    redisClient = RedisClients.client(redisProcess);
    redis = RedisClients.strings(redisClient);
    client.secrets().inNamespace("anvil").resource(new SecretBuilder().withNewMetadata().withName("anvil-api-keys")
        .endMetadata().withStringData(Map.of("reader", Serialization.asJson(Map.of("hash", ApiKeys.hash(TOKEN),
            "user", "reader", "namespaces", List.of(NS), "verbs", List.of("get")))))
        .build()).create();
    System.setProperty("kubernetes.master", kube.url());
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    var args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.grpc.server.port=" + RedisClients.freePort(), "--spring.grpc.server.address=127.0.0.1",
        "--anvil.redis.uri=" + redisProcess.uri(), "--anvil.hub.bootstrap-secret.namespace=anvil",
        "--anvil.logs.page-size=" + PAGE, "--anvil.logs.follow-poll=20ms",
        "--anvil.auth.api-keys.secret-namespace=anvil", "--anvil.auth.delegated.secret-namespace=anvil",
        "--anvil.authz.mode=api-key-namespaces", "--anvil.ratelimit.enabled=false"));
    args.addAll(TLS.serverArgs());
    app = new SpringApplicationBuilder(ApiServerApplication.class).run(args.toArray(String[]::new));
    await().atMost(Duration.ofSeconds(20)).until(() -> app.getBean(ApiKeys.class).size() == 1);
    base = "https://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port")
        + "/apis/anvil.dev/v1alpha1/namespaces/" + NS + "/jobs/";
  }

  @AfterAll
  static void shutDown() {
    System.clearProperty("kubernetes.master");
    System.clearProperty("kubernetes.auth.tryKubeConfig");
    if (app != null) {
      app.close();
    }
    redis.close();
    redisClient.shutdown();
    client.close();
    kube.close();
    redisProcess.close();
  }

  @Test
  void servesTheWholeLogAsPlainText() throws Exception {
    var uid = job("whole", 1);
    append(uid, 1, 1, 5);
    var response = get("whole/log");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
    assertThat(response.body()).isEqualTo(lines(1, 5));
  }

  @Test
  void tailLinesServesTheLastLinesAcrossPages() throws Exception {
    var uid = job("tail", 1);
    append(uid, 1, 1, 2 * PAGE + 50);
    assertThat(get("tail/log?tailLines=2").body()).isEqualTo(lines(2 * PAGE + 49, 2 * PAGE + 50));
    assertThat(get("tail/log?tailLines=" + (PAGE + 20)).body()).isEqualTo(lines(PAGE + 31, 2 * PAGE + 50));
    assertThat(get("tail/log?tailLines=0").body()).isEmpty();
    assertThat(get("tail/log?tailLines=100000").body()).isEqualTo(lines(1, 2 * PAGE + 50));
  }

  @Test
  void defaultsToTheCurrentAttemptAndServesAnEarlierOneOnRequest() throws Exception {
    var uid = job("retried", 2);
    append(uid, 1, 1, 3);
    appendText(uid, 2, 1, "second try");
    assertThat(get("retried/log").body()).isEqualTo("second try\n");
    assertThat(get("retried/log?attempt=1").body()).isEqualTo(lines(1, 3));
    var missing = get("retried/log?attempt=3");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(status(missing).getMessage()).isEqualTo("jobs.anvil.dev \"retried\" attempt 3 not found");
  }

  @Test
  void timestampsPrefixEachLineWithItsRfc3339Time() throws Exception {
    var uid = job("stamped", 1);
    var time = Instant.parse("2026-01-02T03:04:05.060Z");
    redis.sync().xadd(BusKeys.log(new AttemptId(uid, 1)), new XAddArgs().id("1-0"),
        Map.of("stream", "stdout", "time", Long.toString(time.toEpochMilli()), "text", "hello"));
    redis.sync().xadd(BusKeys.log(new AttemptId(uid, 1)), new XAddArgs().id("2-0"),
        Map.of("stream", "stderr", "time", Long.toString(time.plusSeconds(1).minusMillis(60).toEpochMilli()),
            "text", "world"));
    assertThat(get("stamped/log?timestamps=true").body())
        .isEqualTo("2026-01-02T03:04:05.060Z hello\n2026-01-02T03:04:06.000Z world\n");
  }

  @Test
  void anUnknownJobIsAKubernetesNotFoundStatus() throws Exception {
    var response = get("nope/log");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    var status = status(response);
    assertThat(status.getKind()).isEqualTo("Status");
    assertThat(status.getStatus()).isEqualTo("Failure");
    assertThat(status.getReason()).isEqualTo("NotFound");
    assertThat(status.getCode()).isEqualTo(404);
    assertThat(status.getMessage()).isEqualTo("jobs.anvil.dev \"nope\" not found");
  }

  @Test
  void kubectlReadsTheLogWithItsTokenAndShowsNotFoundAndForbiddenAsTheApiServersOwn() throws Exception {
    var uid = job("kubectl", 1);
    append(uid, 1, 1, 3);
    var ok = kubectl("get", "--raw", "/apis/anvil.dev/v1alpha1/namespaces/" + NS + "/jobs/kubectl/log?tailLines=2");
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.output()).isEqualTo(lines(2, 3));
    var missing = kubectl("get", "--raw", "/apis/anvil.dev/v1alpha1/namespaces/" + NS + "/jobs/nope/log");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.output()).contains("Error from server (NotFound): jobs.anvil.dev \"nope\" not found");
    var elsewhere = kubectl("get", "--raw", "/apis/anvil.dev/v1alpha1/namespaces/other/jobs/kubectl/log");
    assertThat(elsewhere.exitCode()).isNotZero();
    assertThat(elsewhere.output()).contains("Error from server (Forbidden): jobs.anvil.dev \"kubectl\" is forbidden: "
        + "User \"reader\" cannot get resource \"jobs/log\" in API group \"anvil.dev\" in the namespace \"other\"");
  }

  private record Run(int exitCode, String output) {
  }

  private static Run kubectl(String... args) throws Exception {
    var command = new ArrayList<String>(List.of("kubectl", "--kubeconfig=/dev/null", "--token=" + TOKEN,
        "--certificate-authority=" + TLS.caPem(),
        "--server=" + base.substring(0, base.indexOf("/apis/"))));
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    var output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void badQueryValuesAreBadRequestStatuses() throws Exception {
    job("picky", 1);
    for (var query : List.of("tailLines=abc", "tailLines=-1", "follow=maybe", "attempt=0", "attempt=x",
        "timestamps=yes")) {
      var response = get("picky/log?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      var status = status(response);
      assertThat(status.getReason()).as(query).isEqualTo("BadRequest");
      assertThat(status.getMessage()).as(query).contains(query.substring(0, query.indexOf('=')));
    }
  }

  @Test
  void followEndsOnceTheDoneMarkersLineIsWritten() throws Exception {
    var uid = job("finished", 1);
    append(uid, 1, 1, 2 * PAGE);
    redis.sync().set(BusKeys.logDone(new AttemptId(uid, 1)), Integer.toString(2 * PAGE));
    var response = HTTP.sendAsync(request("finished/log?follow=true"), HttpResponse.BodyHandlers.ofString());
    assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo(lines(1, 2 * PAGE));
  }

  @Test
  void followStreamsLinesAsTheyAreAppendedInOrderNoneTwice() throws Exception {
    var uid = job("running", 1);
    var response = HTTP.sendAsync(request("running/log?follow=true"), HttpResponse.BodyHandlers.ofLines());
    var body = response.get(10, TimeUnit.SECONDS).body();
    var received = CompletableFuture.supplyAsync(body::toList);
    var total = 3000;
    for (var from = 1; from <= total; from += 150) {
      append(uid, 1, from, from + 149);
    }
    assertThat(received).isNotDone();
    redis.sync().set(BusKeys.logDone(new AttemptId(uid, 1)), Integer.toString(total));
    var lines = received.get(10, TimeUnit.SECONDS);
    assertThat(lines).containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(LogRouteIT::text).toList());
  }

  @Test
  void aFollowerThatHangsUpStopsReading() throws Exception {
    var uid = job("abandoned", 1);
    var reader = app.getBean(AttemptLogReader.class);
    append(uid, 1, 1, 1);
    var response = HTTP.send(request("abandoned/log?follow=true"), HttpResponse.BodyHandlers.ofInputStream());
    InputStream in = response.body();
    assertThat(new BufferedReader(new InputStreamReader(in, UTF_8)).readLine()).isEqualTo(text(1));
    assertThat(reader.active()).isPositive();
    in.close();
    // the hang-up is noticed at the next write
    var seq = new int[] {2};
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      append(uid, 1, seq[0], seq[0]);
      seq[0]++;
      assertThat(reader.active()).isZero();
    });
  }

  @Test
  void streamsA200000LineLogBesideTheRawXrangeCeiling() throws Exception {
    var uid = job("big", 1);
    var lines = 200_000;
    var key = BusKeys.log(new AttemptId(uid, 1));
    var filler = "x".repeat(80);
    var async = redis.async();
    var pending = new ArrayList<RedisFuture<?>>();
    for (var seq = 1; seq <= lines; seq++) {
      pending.add(async.xadd(key, new XAddArgs().id(seq + "-0"),
          Map.of("stream", "stdout", "time", "1767323045060", "text", String.format("%07d %s", seq, filler))));
      if (pending.size() == 10_000) {
        LettuceFutures.awaitAll(Duration.ofSeconds(30), pending.toArray(RedisFuture[]::new));
        pending.clear();
      }
    }
    LettuceFutures.awaitAll(Duration.ofSeconds(30), pending.toArray(RedisFuture[]::new));

    // the ceiling: the same XRANGE pages read straight from Redis, no HTTP
    long rawBytes = 0;
    var rawStart = System.nanoTime();
    try (var bytes = redisClient.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
      var from = Range.Boundary.<String>unbounded();
      while (true) {
        var page = bytes.sync().xrange(key, Range.from(from, Range.Boundary.unbounded()), Limit.from(PAGE));
        for (var entry : page) {
          rawBytes += entry.getBody().get("text").length + 1;
        }
        if (page.size() < PAGE) {
          break;
        }
        from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
      }
    }
    var rawSeconds = (System.nanoTime() - rawStart) / 1e9;

    // the route
    var xrangeCallsBefore = xrangeCalls();
    var routeStart = System.nanoTime();
    var response = HTTP.send(request("big/log"), HttpResponse.BodyHandlers.ofInputStream());
    long routeBytes = 0;
    long routeLines = 0;
    var buffer = new byte[64 * 1024];
    try (var in = response.body()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        routeBytes += n;
        for (var i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            routeLines++;
          }
        }
      }
    }
    var routeSeconds = (System.nanoTime() - routeStart) / 1e9;
    System.out.printf("log route: %d lines, %.1f MB in %.2fs = %.1f MB/s; raw XRANGE ceiling: %.1f MB in %.2fs "
            + "= %.1f MB/s%n", routeLines, routeBytes / 1e6, routeSeconds, routeBytes / 1e6 / routeSeconds,
        rawBytes / 1e6, rawSeconds, rawBytes / 1e6 / rawSeconds);
    assertThat(routeLines).isEqualTo(lines);
    assertThat(routeBytes).isEqualTo(rawBytes);
    // bounded memory: the route read the log in COUNT-limited pages, never all at once
    assertThat(xrangeCalls() - xrangeCallsBefore).isEqualTo(lines / PAGE + 1);
  }

  private static long xrangeCalls() {
    var stats = redis.sync().info("commandstats");
    var at = stats.indexOf("cmdstat_xrange:calls=");
    if (at < 0) {
      return 0;
    }
    var from = at + "cmdstat_xrange:calls=".length();
    return Long.parseLong(stats.substring(from, stats.indexOf(',', from)));
  }

  private static String job(String name, int currentAttempt) {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    job.setSpec(new JobSpec());
    var created = client.resource(job).create();
    var status = new JobStatus();
    status.setAttempt(currentAttempt);
    for (var n = 1; n <= currentAttempt; n++) {
      status.getAttempts().add(new Attempt(n, "2026-01-02T03:04:05Z"));
    }
    created.setStatus(status);
    client.resource(created).updateStatus();
    var uid = created.getMetadata().getUid();
    assertThat(uid).isNotBlank();
    return uid;
  }

  private static void append(String uid, int attempt, int from, int to) {
    for (var seq = from; seq <= to; seq++) {
      appendText(uid, attempt, seq, text(seq));
    }
  }

  private static void appendText(String uid, int attempt, int seq, String text) {
    redis.sync().xadd(BusKeys.log(new AttemptId(uid, attempt)), new XAddArgs().id(seq + "-0"),
        Map.of("stream", "stdout", "time", "1767323045060", "text", text));
  }

  private static String text(int seq) {
    return "line " + seq;
  }

  private static String lines(int from, int to) {
    var out = new StringBuilder();
    IntStream.rangeClosed(from, to).forEach(seq -> out.append(text(seq)).append('\n'));
    return out.toString();
  }

  private static HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(60)).build();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  private static Status status(HttpResponse<String> response) {
    return Serialization.unmarshal(response.body(), Status.class);
  }
}
