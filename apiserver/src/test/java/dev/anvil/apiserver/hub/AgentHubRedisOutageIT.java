package dev.anvil.apiserver.hub;

import static dev.anvil.apiserver.hub.Agents.ATTEMPT;
import static dev.anvil.apiserver.hub.Agents.TOKEN;
import static dev.anvil.apiserver.hub.Agents.finished;
import static dev.anvil.apiserver.hub.Agents.hello;
import static dev.anvil.apiserver.hub.Agents.logs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent stream outlives a central Redis outage longer than the command timeout: its reports are stored after. */
class AgentHubRedisOutageIT {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final HubProperties PROPERTIES = HubFixture.PROPERTIES.withRedisRetry(Duration.ofMillis(100));

  private static RedisProcess redis;
  private static EmbeddedKubeApi kube;
  private static KubernetesClient kubernetes;

  @BeforeAll
  static void start() {
    redis = RedisProcess.builder().fsyncAlways().start();
    kube = EmbeddedKubeApi.start();
    kubernetes = kube.newClient();
  }

  @AfterAll
  static void stop() {
    kubernetes.close();
    kube.close();
    redis.close();
  }

  @Test
  void reportsSentWhileRedisIsAwayAreStoredInOrderOnceItIsBackOnTheSameStream() throws Exception {
    var hubRedis = CentralRedisClient.create(redis.uri(), TIMEOUT);
    var reader = RedisClient.create(redis.uri());
    try (var hub = new HubServer(PROPERTIES, hubRedis, kubernetes, HubServer.tokens(TOKEN))) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(hello("agent-1", 0));
      assertThat(inbox.next().hasWelcome()).isTrue();
      toHub.onNext(logs(1, 1, 2));
      assertThat(inbox.next().getReportAck().getReportSeq()).isEqualTo(1);

      redis.kill();
      for (var seq = 2; seq <= 5; seq++) {
        toHub.onNext(logs(seq, 2L * seq - 1, 2L * seq));
      }
      toHub.onNext(finished(6, 10));
      // several command timeouts and retries long: nothing is acknowledged, and the stream stays
      await().during(TIMEOUT.multipliedBy(4)).atMost(TIMEOUT.multipliedBy(6))
          .until(() -> inbox.isEmpty() && !inbox.ended());
      redis.restart();

      var acks = new ArrayList<Long>();
      while (acks.isEmpty() || acks.get(acks.size() - 1) < 6) {
        acks.add(inbox.next().getReportAck().getReportSeq());
      }
      assertThat(acks).isSorted().doesNotHaveDuplicates();
      assertThat(inbox.ended()).isFalse();
      assertThat(hub.hub().connectedAgents()).isEqualTo(1);
      try (var strings = reader.connect()) {
        var attempt = AttemptId.parse(ATTEMPT);
        assertThat(strings.sync().xrange(BusKeys.log(attempt), Range.create("-", "+")))
            .extracting(m -> m.getBody().get("text"))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).mapToObj(i -> "line " + i).toList());
        assertThat(strings.sync().xrange(BusKeys.REPORTS, Range.create("-", "+")))
            .extracting(m -> m.getBody().get("seq")).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(strings.sync().get(BusKeys.logDone(attempt))).isEqualTo("10");
      }
    } finally {
      hubRedis.shutdown();
      reader.shutdown();
    }
  }
}
