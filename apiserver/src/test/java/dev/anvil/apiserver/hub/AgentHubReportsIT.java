package dev.anvil.apiserver.hub;

import static dev.anvil.apiserver.hub.Agents.ATTEMPT;
import static dev.anvil.apiserver.hub.Agents.TOKEN;
import static dev.anvil.apiserver.hub.Agents.acks;
import static dev.anvil.apiserver.hub.Agents.hello;
import static dev.anvil.apiserver.hub.Agents.logs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reports are stored once, in order, and acknowledged; log lines land in the attempt's stream exactly once. */
class AgentHubReportsIT {

  private static final String LOG = BusKeys.log(AttemptId.parse(ATTEMPT));
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
  void replayedReportsAreStoredOnceAndInOrderAcrossAReconnectToAnotherReplica() throws Exception {
    try (var hubA = fixture.hub("a"); var hubB = fixture.hub("b")) {
      var first = new Inbox<HubMessage>();
      var toA = hubA.connect(TOKEN, first);
      toA.onNext(hello("agent-1", 0));
      assertThat(first.next().getWelcome().getLastStoredReportSeq()).isZero();
      // reports 1..5 carry lines 1..10, two each
      for (var seq = 1; seq <= 5; seq++) {
        toA.onNext(logs(seq, 2L * seq - 1, 2L * seq));
      }
      assertThat(acks(first, 5)).containsExactly(1L, 2L, 3L, 4L, 5L);
      toA.onError(new RuntimeException("connection cut"));

      var second = new Inbox<HubMessage>();
      var toB = hubB.connect(TOKEN, second);
      toB.onNext(hello("agent-1", 0));
      assertThat(second.next().getWelcome().getLastStoredReportSeq()).isEqualTo(5);
      // an agent that lost its acks replays 3..5 and goes on with 6 (lines 11, 12) and 7 (finished)
      for (var seq = 3; seq <= 6; seq++) {
        toB.onNext(logs(seq, 2L * seq - 1, 2L * seq));
      }
      toB.onNext(Agents.finished(7, 12));
      // replays at or below the Welcome position are acknowledged with it, without touching the store
      assertThat(acks(second, 5)).containsExactly(5L, 5L, 5L, 6L, 7L);

      var sync = fixture.strings.sync();
      var lines = sync.xrange(LOG, Range.create("-", "+"));
      assertThat(lines).extracting(StreamMessage::getId)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).mapToObj(n -> n + "-0").toList());
      assertThat(lines).extracting(m -> m.getBody().get("text"))
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 12).mapToObj(n -> "line " + n).toList());
      assertThat(lines.get(0).getBody()).containsEntry("stream", "stdout").containsEntry("time", "1760000001000");
      assertThat(sync.ttl(LOG)).isBetween(1L, 7L * 24 * 3600);
      assertThat(sync.get(BusKeys.logDone(AttemptId.parse(ATTEMPT)))).isEqualTo("12");
      assertThat(sync.get(BusKeys.reportSeq("agent-1"))).isEqualTo("7");

      var reports = fixture.bytes.sync().xrange(BusKeys.REPORTS, Range.create("-", "+"));
      assertThat(reports).extracting(m -> text(m.getBody(), ReportEntry.SEQ))
          .containsExactly("1", "2", "3", "4", "5", "6", "7");
      assertThat(reports).extracting(m -> text(m.getBody(), ReportEntry.TYPE)).containsExactly(
          "log-lines", "log-lines", "log-lines", "log-lines", "log-lines", "log-lines", "attempt-finished");
      assertThat(reports).allSatisfy(m -> {
        assertThat(text(m.getBody(), ReportEntry.AGENT)).isEqualTo("agent-1");
        assertThat(text(m.getBody(), ReportEntry.ATTEMPT)).isEqualTo(ATTEMPT);
      });
      var sixth = Report.parseFrom(reports.get(5).getBody().get(ReportEntry.PAYLOAD));
      assertThat(sixth.getLogLines().getLinesList()).extracting(l -> l.getLineSeq()).containsExactly(11L, 12L);
      assertThat(sixth.getLogLines().getLines(0).getText()).as("texts live in the log stream only").isEmpty();
      assertThat(Report.parseFrom(reports.get(6).getBody().get(ReportEntry.PAYLOAD)))
          .isEqualTo(Agents.finished(7, 12).getReport());

      toB.onCompleted();
      assertThat(second.awaitEnd()).isNull();
    }
  }

  @Test
  void linesAlreadyStoredAreRefusedEvenWhenAnotherReportCarriesThemAgain() throws Exception {
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(hello("agent-1", 0));
      inbox.next();
      toHub.onNext(logs(1, 1, 3));
      // an agent that re-batched after a restart: lines 2 and 3 again, then 4
      toHub.onNext(logs(2, 2, 4));

      assertThat(acks(inbox, 2)).containsExactly(1L, 2L);
      assertThat(fixture.strings.sync().xrange(LOG, Range.create("-", "+")))
          .extracting(m -> m.getBody().get("text")).containsExactly("line 1", "line 2", "line 3", "line 4");
    }
  }

  /** Lines per second from agent to Redis through the hub, beside a raw pipelined XADD ceiling on the same Redis. */
  @Test
  void reportThroughputBesideTheRawXaddCeiling() throws Exception {
    var reports = 400;
    var perReport = 250;
    try (var hub = fixture.hub("a")) {
      measureHub(hub, "agent-warmup", reports / 4, perReport);
      fixture.strings.sync().del(LOG);
      rawXadd("warmup", reports * perReport / 4);

      var hubRate = measureHub(hub, "agent-bench", reports, perReport);
      var rawRate = rawXadd("bench", reports * perReport);
      var batchedRate = batchedXadd(reports, perReport);

      System.out.printf("report store: %,.0f lines/s through the hub (%d reports x %d lines); ceilings on the same "
          + "Redis: pipelined XADD one line per command %,.0f lines/s, %d XADDs per EVAL %,.0f lines/s (hub = %.0f%% "
          + "of the batched ceiling)%n", hubRate, reports, perReport, rawRate, perReport, batchedRate,
          100 * hubRate / batchedRate);
      assertThat(fixture.strings.sync().xlen(LOG)).isEqualTo((long) reports * perReport);
    }
  }

  private double measureHub(HubServer hub, String agentId, int reports, int perReport) throws Exception {
    var messages = new ArrayList<AgentMessage>();
    for (var seq = 1; seq <= reports; seq++) {
      messages.add(logs(seq, (long) (seq - 1) * perReport + 1, (long) seq * perReport));
    }
    var inbox = new Inbox<HubMessage>();
    StreamObserver<AgentMessage> toHub = hub.connect(TOKEN, inbox);
    toHub.onNext(hello(agentId, 0));
    inbox.next();
    var start = System.nanoTime();
    messages.forEach(toHub::onNext);
    long acked = 0;
    while (acked < reports) {
      acked = inbox.next().getReportAck().getReportSeq();
    }
    var seconds = (System.nanoTime() - start) / 1e9;
    toHub.onCompleted();
    inbox.awaitEnd();
    return reports * perReport / seconds;
  }

  private double rawXadd(String name, int lines) throws Exception {
    var async = fixture.strings.async();
    var key = "anvil:bench:" + name;
    var start = System.nanoTime();
    var futures = new ArrayList<RedisFuture<String>>(lines);
    for (var n = 1; n <= lines; n++) {
      futures.add(async.xadd(key, Map.of("stream", "stdout", "time", "1760000001000", "text", "line " + n)));
    }
    for (var future : futures) {
      future.get();
    }
    var seconds = (System.nanoTime() - start) / 1e9;
    fixture.strings.sync().del(key);
    return lines / seconds;
  }

  /** The same batching as the hub's script (one EVAL per report) without gRPC, protobuf or de-duplication. */
  private double batchedXadd(int reports, int perReport) throws Exception {
    var async = fixture.strings.async();
    var script = "for i = 1, #ARGV do redis.call('XADD', KEYS[1], '*', 'stream', 'stdout', 'text', ARGV[i]) end";
    var start = System.nanoTime();
    var futures = new ArrayList<RedisFuture<Object>>(reports);
    for (var r = 0; r < reports; r++) {
      var args = new String[perReport];
      for (var n = 0; n < perReport; n++) {
        args[n] = "line " + (r * perReport + n);
      }
      futures.add(async.eval(script, io.lettuce.core.ScriptOutputType.STATUS, new String[] {"anvil:bench:eval"}, args));
    }
    for (var future : futures) {
      future.get();
    }
    var seconds = (System.nanoTime() - start) / 1e9;
    fixture.strings.sync().del("anvil:bench:eval");
    return (double) reports * perReport / seconds;
  }

  private static String text(Map<String, byte[]> body, String field) {
    return new String(body.get(field), StandardCharsets.UTF_8);
  }
}
