package dev.anvil.operator;

import static dev.anvil.operator.TestJobs.podJob;
import static dev.anvil.operator.TestJobs.retry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.logs.PodLogCopiers;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.KubeletStandIn;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pod Jobs' logs reach the log store through the operator (mock API with canned log answers, real Redis). */
class PodJobLogsIT {

  private static final String NS = "logs";
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  private RedisProcess redisProcess;
  private RedisClient redisClient;
  private StatefulRedisConnection<String, String> redis;
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private KubeletStandIn kubelet;
  private AnvilOperator operator;

  @BeforeEach
  void start() {
    redisProcess = RedisProcess.start();
    redisClient = RedisClient.create(redisProcess.uri());
    redis = redisClient.connect();
    api = EmbeddedKubeApi.start();
    client = api.newClient();
    kubelet = new KubeletStandIn(client);
    operator = AnvilOperator.start(client, OperatorConfig.local().withAgentBus(redisProcess.uri(),
        OperatorConfig.DEFAULT_AGENT_HEARTBEAT_TIMEOUT));
  }

  @AfterEach
  void stop() {
    operator.close();
    kubelet.close();
    client.close();
    api.close();
    redis.close();
    redisClient.shutdown();
    redisProcess.close();
  }

  @Test
  void aSucceededPodJobsLogIsInTheLogStoreAndMarkedDone() {
    answerLog("hello-1", "hello\nworld\n");
    var job = apply(podJob(NS, "hello", "0", 200));
    var attempt = new AttemptId(job.getMetadata().getUid(), 1);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(redis.sync().get(BusKeys.logDone(attempt))).isEqualTo("2"));
    assertThat(stored(attempt)).containsExactly("1-0 hello", "2-0 world");
    assertThat(redis.sync().ttl(BusKeys.log(attempt))).isPositive();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(copiers().running()).isZero());
  }

  @Test
  void everyAttemptOfARetriedPodJobKeepsItsOwnLog() {
    answerLog("flaky-1", "first try\n");
    answerLog("flaky-2", "second try\n");
    var job = podJob(NS, "flaky", "3,0", 0);
    job.getSpec().setRetry(retry(1));
    var uid = apply(job).getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(redis.sync().get(BusKeys.logDone(new AttemptId(uid, 1)))).isEqualTo("1");
      assertThat(redis.sync().get(BusKeys.logDone(new AttemptId(uid, 2)))).isEqualTo("1");
    });
    assertThat(stored(new AttemptId(uid, 1))).containsExactly("1-0 first try");
    assertThat(stored(new AttemptId(uid, 2))).containsExactly("1-0 second try");
  }

  private PodLogCopiers copiers() {
    return operator.podLogCopiers();
  }

  private Job apply(Job job) {
    return client.resource(job).create();
  }

  /**
   * Answers every read of the Pod's log (following or not, from any time) with these lines, timestamped as the
   * kubelet does; the copier skips the lines it stored already.
   */
  private void answerLog(String pod, String text) {
    var body = new StringBuilder();
    var n = 0;
    for (var line : text.split("\n")) {
      body.append(T.plusMillis(100L * ++n)).append(' ').append(line).append('\n');
    }
    var base = "/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false&container=main";
    for (var path : List.of(base + "&timestamps=true&follow=true",
        base + "&sinceTime=" + T + "&timestamps=true&follow=true", base + "&sinceTime=" + T + "&timestamps=true")) {
      api.server().expect().get().withPath(path).andReturn(200, body.toString()).always();
    }
  }

  private List<String> stored(AttemptId attempt) {
    return redis.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")).stream()
        .map(e -> e.getId() + " " + e.getBody().get("text")).toList();
  }
}
