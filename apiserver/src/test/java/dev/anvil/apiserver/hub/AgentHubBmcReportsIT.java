package dev.anvil.apiserver.hub;

import static dev.anvil.apiserver.hub.Agents.TOKEN;
import static dev.anvil.apiserver.hub.Agents.acks;
import static dev.anvil.apiserver.hub.BmcMessages.HOST_UID;
import static dev.anvil.apiserver.hub.BmcMessages.observation;
import static dev.anvil.apiserver.hub.BmcMessages.report;
import static dev.anvil.apiserver.hub.BmcMessages.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcServing;
import dev.anvil.protocol.agent.v1.Heartbeat;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.bus.AgentRegistry;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.Range;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BMC reports land in the host's keys once, newer observations only, each announced on {@code anvil:reports}. */
class AgentHubBmcReportsIT {

  private static HubFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new HubFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void flush() {
    fixture.flush();
  }

  @Test
  void anObservationIsReplacedOnlyByANewerOne() throws Exception {
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = connect(hub, inbox);
      // the host moved: its previous agent's late report (older) must not win over the current one
      toHub.onNext(report(1, observation(1_760_000_002_000L, "On")));
      toHub.onNext(report(2, observation(1_760_000_001_000L, "Off")));
      assertThat(acks(inbox, 2)).containsExactly(1L, 2L);
      assertThat(stored().getPowerState()).isEqualTo("On");

      toHub.onNext(report(3, observation(1_760_000_003_000L, "PoweringOff")));
      assertThat(acks(inbox, 1)).containsExactly(3L);
      assertThat(stored().getPowerState()).isEqualTo("PoweringOff");
      assertThat(fixture.strings.sync().hgetall(BusKeys.bmcObservation(HOST_UID)))
          .containsEntry("agent", "agent-1").containsEntry("observed", "1760000003000");
      assertThat(entries()).extracting(e -> e.seq() + " " + e.type() + " " + e.host())
          .as("the older observation is not announced").containsExactly(
              "1 bmc-observation " + HOST_UID, "3 bmc-observation " + HOST_UID);
      assertThat(fixture.strings.sync().get(BusKeys.reportSeq("agent-1"))).isEqualTo("3");
      assertThat(fixture.strings.sync().xrange(BusKeys.bmcHistory(HOST_UID), Range.create("-", "+")))
          .as("one history entry per stored observation, for the console's charts")
          .extracting(m -> m.getBody().get("entry")).containsExactly(
              "{\"t\":1760000002000,\"up\":1,\"power\":\"On\",\"health\":\"\",\"sensors\":{}}",
              "{\"t\":1760000003000,\"up\":1,\"power\":\"PoweringOff\",\"health\":\"\",\"sensors\":{}}");
      assertThat(fixture.strings.sync().ttl(BusKeys.bmcObservation(HOST_UID)))
          .as("a deleted host's keys expire").isPositive();
    }
  }

  @Test
  void actionResultsAreKeptByActionIdForAWeek() throws Exception {
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = connect(hub, inbox);
      toHub.onNext(report(1, result("act-1", true)));
      toHub.onNext(report(2, result("act-2", false).toBuilder().setErrorKind("REJECTED").build()));
      assertThat(acks(inbox, 2)).containsExactly(1L, 2L);

      var results = fixture.bytes.sync().hgetall(BusKeys.bmcActionResults(HOST_UID));
      assertThat(results).containsOnlyKeys("act-1", "act-2");
      assertThat(BmcActionResult.parseFrom(results.get("act-1"))).isEqualTo(result("act-1", true));
      assertThat(BmcActionResult.parseFrom(results.get("act-2")).getErrorKind()).isEqualTo("REJECTED");
      assertThat(fixture.strings.sync().ttl(BusKeys.bmcActionResults(HOST_UID)))
          .isBetween(Duration.ofDays(7).toSeconds() - 60, Duration.ofDays(7).toSeconds());
      assertThat(entries()).extracting(e -> e.seq() + " " + e.type() + " " + e.host()).containsExactly(
          "1 bmc-action-result " + HOST_UID, "2 bmc-action-result " + HOST_UID);
    }
  }

  @Test
  void aReportSeqAlreadyStoredIsNotStoredAgainAndAGapIsRefused() throws Exception {
    var session = AgentRegistryWriter.sessionValue("s-1", "a");
    fixture.strings.sync().set(BusKeys.session("agent-1"), session);
    var store = new ReportStore(fixture.bytes.async(), HubFixture.PROPERTIES);
    var first = Report.newBuilder().setReportSeq(1).setBmcActionResult(result("act-1", true)).build();
    // the same report_seq again, e.g. replayed to a replica whose Welcome was older than the store
    var again = Report.newBuilder().setReportSeq(1).setBmcActionResult(result("act-9", false)).build();

    assertThat(store.store("agent-1", session, 0, first).toCompletableFuture().get())
        .isEqualTo(ReportStore.Outcome.STORED);
    assertThat(store.store("agent-1", session, 0, again).toCompletableFuture().get())
        .isEqualTo(ReportStore.Outcome.DUPLICATE);
    var gap = Report.newBuilder().setReportSeq(3).setBmcObservation(observation(1_760_000_000_000L, "On")).build();
    assertThat(store.store("agent-1", session, 2, gap).toCompletableFuture().get())
        .isEqualTo(ReportStore.Outcome.GAP);
    assertThat(store.store("agent-1", "s-old a", 1, gap).toCompletableFuture().get())
        .isEqualTo(ReportStore.Outcome.SUPERSEDED);

    assertThat(fixture.strings.sync().hkeys(BusKeys.bmcActionResults(HOST_UID))).containsExactly("act-1");
    assertThat(fixture.strings.sync().exists(BusKeys.bmcObservation(HOST_UID))).isZero();
    assertThat(entries()).hasSize(1);
  }

  @Test
  void heartbeatsPutTheServedHostsIntoTheRegistry() throws Exception {
    try (var hub = fixture.hub("a")) {
      var toHub = connect(hub, new Inbox<>());
      toHub.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
          .addBmcHosts(BmcServing.newBuilder().setHostUid(HOST_UID).setConfigVersion("v7"))
          .addBmcHosts(BmcServing.newBuilder().setHostUid("uid-2").setConfigVersion("v1"))).build());

      var registry = new AgentRegistry(fixture.strings, Clock.systemUTC());
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(registry.live(Duration.ofMinutes(1)))
          .singleElement().satisfies(agent -> assertThat(agent.fields().get("bmcHosts"))
              .isEqualTo("{\"" + HOST_UID + "\":\"v7\",\"uid-2\":\"v1\"}")));
    }
  }

  private static StreamObserver<AgentMessage> connect(HubServer hub, Inbox<HubMessage> inbox) throws Exception {
    var toHub = hub.connect(TOKEN, inbox);
    toHub.onNext(BmcMessages.hello("agent-1"));
    assertThat(inbox.next().hasWelcome()).isTrue();
    return toHub;
  }

  private static BmcObservation stored() throws Exception {
    return BmcObservation.parseFrom(fixture.bytes.sync().hget(BusKeys.bmcObservation(HOST_UID), "payload"));
  }

  /** One {@code anvil:reports} entry, as text. */
  private record Entry(String seq, String type, String host) {
  }

  private static List<Entry> entries() {
    return fixture.strings.sync().xrange(BusKeys.REPORTS, Range.create("-", "+")).stream()
        .map(m -> new Entry(m.getBody().get(ReportEntry.SEQ), m.getBody().get(ReportEntry.TYPE),
            m.getBody().get(ReportEntry.HOST))).toList();
  }
}
