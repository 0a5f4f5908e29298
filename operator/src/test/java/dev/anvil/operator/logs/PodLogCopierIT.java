package dev.anvil.operator.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.OutageLog;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** PodLogCopier against the mock Kubernetes API (canned log answers: CRUD mode serves no pod log) and a real Redis. */
class PodLogCopierIT {

  private static final String NS = "ci";
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
  private static final String LOG = "/api/v1/namespaces/" + NS + "/pods/%s/log?pretty=false&container=main";
  private static final PodLogCopier.Settings SETTINGS =
      new PodLogCopier.Settings(1_000_000, Duration.ofDays(1), Duration.ofMillis(50), 64 * 1024);
  private static final OutageLog OUTAGES = new OutageLog(LoggerFactory.getLogger(PodLogCopierIT.class),
      "Pod log copier test", "retrying", Clock.systemUTC());

  private RedisProcess redisProcess;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redis;
  private EmbeddedKubeApi kube;
  private KubernetesClient client;
  private AttemptId attempt;

  @BeforeEach
  void start() {
    redisProcess = RedisProcess.start();
    redisClient = RedisClient.create(redisProcess.uri());
    redis = redisClient.connect();
    kube = EmbeddedKubeApi.start();
    client = kube.newClient();
    attempt = new AttemptId(UUID.randomUUID().toString(), 1);
  }

  @AfterEach
  void stop() {
    client.close();
    kube.close();
    redis.close();
    redisClient.shutdown();
    redisProcess.close();
  }

  @Test
  void copiesATerminatedPodsLogAndMarksItDone() throws Exception {
    pod("done-pod", "Succeeded");
    answer(follow("done-pod", null), lines(1, 2, 15), false);
    answer(drain("done-pod", "2026-01-02T03:04:06Z"), lines(15), true);
    try (var copier = PodLogCopier.start(client, redis, target("done-pod"), SETTINGS, OUTAGES)) {
      assertThat(copier.done().get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }
    assertThat(stored()).containsExactly("1-0 line 1", "2-0 line 2", "3-0 line 15");
    var first = redis.sync().xrange(BusKeys.log(attempt), Range.create("1-0", "1-0")).get(0).getBody();
    assertThat(first).containsEntry("time", Long.toString(time(1).toEpochMilli()))
        .containsEntry("stream", PodLogCopier.STREAM);
    assertThat(redis.sync().get(BusKeys.logDone(attempt))).isEqualTo("3");
  }

  @Test
  void resumesAfterTheLastStoredLineWithoutDuplicates() throws Exception {
    // an earlier copier (a restarted operator) stored lines 1 and 2
    for (var n = 1; n <= 2; n++) {
      redis.sync().xadd(BusKeys.log(attempt), new XAddArgs().id(n + "-0"), Map.of("stream", PodLogCopier.STREAM,
          "time", Long.toString(time(n).toEpochMilli()), "ts", time(n).toString(), "text", "line " + n));
    }
    pod("resumed", "Succeeded");
    // sinceTime has second precision: the API answers the whole second again
    answer(follow("resumed", "2026-01-02T03:04:05Z"), lines(1, 2, 3, 15), true);
    answer(drain("resumed", "2026-01-02T03:04:06Z"), lines(15), true);
    try (var copier = PodLogCopier.start(client, redis, target("resumed"), SETTINGS, OUTAGES)) {
      assertThat(copier.done().get(10, TimeUnit.SECONDS)).isEqualTo(4);
    }
    assertThat(stored()).containsExactly("1-0 line 1", "2-0 line 2", "3-0 line 3", "4-0 line 15");
  }

  @Test
  void reconnectsWhileThePodRunsAndFinishesOnceItTerminated() throws Exception {
    pod("running", "Running");
    answer(follow("running", null), lines(1, 2), false);
    // every reconnect (sinceTime of line 2's second) gets the whole second again: nothing is stored twice
    answer(follow("running", "2026-01-02T03:04:05Z"), lines(1, 2, 3), true);
    answer(drain("running", "2026-01-02T03:04:05Z"), lines(1, 2, 3, 4), true);
    try (var copier = PodLogCopier.start(client, redis, target("running"), SETTINGS, OUTAGES)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored()).hasSize(3));
      assertThat(copier.done()).isNotDone();
      var pod = client.pods().inNamespace(NS).withName("running").get();
      pod.setStatus(status("Succeeded"));
      client.pods().resource(pod).updateStatus();
      assertThat(copier.done().get(10, TimeUnit.SECONDS)).isEqualTo(4);
    }
    assertThat(stored()).containsExactly("1-0 line 1", "2-0 line 2", "3-0 line 3", "4-0 line 4");
  }

  @Test
  void aDeletedPodsLogIsDoneWithWhatWasCopied() throws Exception {
    pod("deleted", "Running");
    answer(follow("deleted", null), lines(1, 2), false);
    kube.server().expect().get().withPath(follow("deleted", "2026-01-02T03:04:05Z"))
        .andReturn(404, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}")
        .always();
    try (var copier = PodLogCopier.start(client, redis, target("deleted"), SETTINGS, OUTAGES)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored()).hasSize(2));
      client.pods().inNamespace(NS).withName("deleted").delete();
      assertThat(copier.done().get(10, TimeUnit.SECONDS)).isEqualTo(2);
    }
    assertThat(redis.sync().get(BusKeys.logDone(attempt))).isEqualTo("2");
  }

  @Test
  void aRedisRestartMidCopyResumesWithoutLossOrDuplicates() throws Exception {
    pod("flaky-redis", "Running");
    answer(follow("flaky-redis", null), lines(1, 2), false);
    answer(follow("flaky-redis", "2026-01-02T03:04:05Z"), lines(1, 2), true);
    try (var copier = PodLogCopier.start(client, redis, target("flaky-redis"), SETTINGS, OUTAGES)) {
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored()).hasSize(2));
      redis.sync().bgsave();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> redis.sync().info("persistence").contains("rdb_bgsave_in_progress:0"));
      redisProcess.restart();
      var pod = client.pods().inNamespace(NS).withName("flaky-redis").get();
      pod.setStatus(status("Succeeded"));
      client.pods().resource(pod).updateStatus();
      answer(drain("flaky-redis", "2026-01-02T03:04:05Z"), lines(1, 2, 3, 4), true);
      assertThat(copier.done().get(20, TimeUnit.SECONDS)).isEqualTo(4);
    }
    assertThat(stored()).containsExactly("1-0 line 1", "2-0 line 2", "3-0 line 3", "4-0 line 4");
  }

  @Test
  void closeStopsCopyingWithoutMarkingTheLogDone() {
    pod("stopped", "Running");
    answer(follow("stopped", null), lines(1), false);
    answer(follow("stopped", "2026-01-02T03:04:05Z"), lines(1), true);
    var copier = PodLogCopier.start(client, redis, target("stopped"), SETTINGS, OUTAGES);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stored()).hasSize(1));
    copier.close();
    assertThat(copier.done()).isCancelled();
    assertThat(redis.sync().exists(BusKeys.logDone(attempt))).isZero();
  }

  @Test
  void anAttemptAlreadyMarkedDoneIsNotCopiedAgain() throws Exception {
    redis.sync().set(BusKeys.logDone(attempt), "7");
    try (var copier = PodLogCopier.start(client, redis, target("gone"), SETTINGS, OUTAGES)) {
      assertThat(copier.done().get(10, TimeUnit.SECONDS)).isEqualTo(7);
    }
    assertThat(stored()).isEmpty();
  }

  private PodLogCopier.Target target(String pod) {
    return new PodLogCopier.Target(attempt, NS, pod, "main");
  }

  private void pod(String name, String phase) {
    var pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec().build())
        .create();
    pod.setStatus(status(phase));
    client.pods().resource(pod).updateStatus();
  }

  private static io.fabric8.kubernetes.api.model.PodStatus status(String phase) {
    var container = new ContainerStatusBuilder().withName("main").withNewState();
    var state = "Running".equals(phase) ? container.withNewRunning().endRunning()
        : container.withNewTerminated().withExitCode(0).endTerminated();
    return new PodStatusBuilder().withPhase(phase).withContainerStatuses(state.endState().build()).build();
  }

  private static String follow(String pod, String sinceTime) {
    return String.format(LOG, pod) + (sinceTime == null ? "" : "&sinceTime=" + sinceTime)
        + "&timestamps=true&follow=true";
  }

  private static String drain(String pod, String sinceTime) {
    return String.format(LOG, pod) + "&sinceTime=" + sinceTime + "&timestamps=true";
  }

  private void answer(String path, String body, boolean always) {
    var answer = kube.server().expect().get().withPath(path).andReturn(200, body);
    if (always) {
      answer.always();
    } else {
      answer.once();
    }
  }

  /** Line n was written n tenths of a second after T; numbers from 10 on fall into the next second. */
  private static Instant time(int n) {
    return T.plusMillis(100L * n);
  }

  private static String lines(int... numbers) {
    return Arrays.stream(numbers).mapToObj(n -> time(n) + " line " + n + "\n").collect(Collectors.joining());
  }

  private List<String> stored() {
    return redis.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
        .map(e -> e.getId() + " " + e.getBody().get("text")).toList();
  }
}
