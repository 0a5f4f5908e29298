package dev.anvil.apiserver.hub;

import dev.anvil.protocol.bus.AgentCommands;
import static dev.anvil.apiserver.hub.Agents.ATTEMPT;
import static dev.anvil.apiserver.hub.Agents.TOKEN;
import static dev.anvil.apiserver.hub.Agents.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.Ack;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.CancelAttempt;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.EnvVar;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.RunAttempt;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.CommandEntry;
import dev.anvil.protocol.bus.ReportEntry;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lettuce.core.Range;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commands flow from the bus to the agent, are trimmed once executed and redelivered after a reconnect. */
class AgentHubCommandsIT {

  private static HubFixture fixture;
  private AgentCommands commands;

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
    commands = new AgentCommands(fixture.bytes.async());
  }

  @Test
  void commandsAreForwardedTrimmedWhenExecutedAndRedeliveredByAnotherReplica() throws Exception {
    try (var hubA = fixture.hub("a"); var hubB = fixture.hub("b")) {
      for (var n = 1; n <= 3; n++) {
        assertThat(commands.send("agent-1", run(n)).toCompletableFuture().get()).isEqualTo(n);
      }
      var first = new Inbox<HubMessage>();
      var toA = hubA.connect(TOKEN, first);
      toA.onNext(hello("agent-1", 0));
      assertThat(first.next().hasWelcome()).isTrue();
      assertThat(commandSeqs(first, 3)).containsExactly(1L, 2L, 3L);
      assertThat(commands.send("agent-1", run(4)).toCompletableFuture().get()).isEqualTo(4);
      var fourth = first.next().getCommand();
      assertThat(fourth.getCommandSeq()).isEqualTo(4);
      assertThat(fourth.getRunAttempt().getAttemptId()).isEqualTo(Agents.JOB_UID + "/4");

      toA.onNext(AgentMessage.newBuilder().setAck(Ack.newBuilder().setReceivedCommandSeq(4)
          .setExecutedCommandSeq(2)).build());
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
          assertThat(fixture.strings.sync().xrange(BusKeys.commands("agent-1"), Range.create("-", "+")))
              .extracting(m -> m.getId()).containsExactly("3-0", "4-0"));
      toA.onError(new RuntimeException("connection cut"));

      var second = new Inbox<HubMessage>();
      var toB = hubB.connect(TOKEN, second);
      toB.onNext(hello("agent-1", 2));
      assertThat(second.next().hasWelcome()).isTrue();
      assertThat(commandSeqs(second, 2)).containsExactly(3L, 4L);
      commands.send("agent-1", run(5));
      assertThat(commandSeqs(second, 1)).containsExactly(5L);
      assertThat(first.isEmpty()).isTrue();
    }
  }

  @Test
  void aCommandKindTheAgentDoesNotListIsNotSent() throws Exception {
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      var runOnly = hello("agent-old", 0).toBuilder();
      runOnly.getHelloBuilder().clearFeatures().addFeatures(Features.RUN_ATTEMPT);
      toHub.onNext(runOnly.build());
      inbox.next();

      commands.send("agent-old", Command.newBuilder().setCancelAttempt(CancelAttempt.newBuilder().setAttemptId(ATTEMPT)));
      commands.send("agent-old", run(2));

      assertThat(commandSeqs(inbox, 1)).as("the cancel (1) is skipped, the run (2) is sent").containsExactly(2L);
    }
  }

  @Test
  void theAppendScriptNumbersThePayloadItself() {
    var seq = commands.send("agent-x", run(1).setCommandSeq(99)).toCompletableFuture().join();
    var entry = fixture.bytes.sync().xrange(BusKeys.commands("agent-x"), Range.create("-", "+")).get(0);

    assertThat(entry.getId()).isEqualTo(seq + "-0");
    assertThat(CommandEntry.decode(entry.getBody().get(CommandEntry.PAYLOAD)).getCommandSeq()).isEqualTo(seq);
    assertThat(CommandEntry.decode(entry.getBody().get(CommandEntry.PAYLOAD)).getRunAttempt())
        .isEqualTo(run(1).getRunAttempt());
  }

  @Test
  void secretReferencesAreResolvedIntoTheStreamOnlyNeverIntoRedis() throws Exception {
    var secretValue = "hunter2-s3cr3t-value";
    fixture.kubernetes.secrets().inNamespace("lab").resource(new SecretBuilder().withNewMetadata()
        .withName("bmc-creds").endMetadata().withStringData(Map.of("password", secretValue)).build()).create();
    try (var hub = fixture.hub("a")) {
      var inbox = new Inbox<HubMessage>();
      var toHub = hub.connect(TOKEN, inbox);
      toHub.onNext(hello("agent-1", 0));
      inbox.next();

      var withSecret = run(1);
      withSecret.getRunAttemptBuilder()
          .addEnv(EnvVar.newBuilder().setName("PASSWORD").setSecret(true)
              .setValue(AgentCommands.secretRef("lab", "bmc-creds", "password")));
      commands.send("agent-1", withSecret);
      var missing = run(2);
      missing.getRunAttemptBuilder()
          .addEnv(EnvVar.newBuilder().setName("TOKEN").setSecret(true)
              .setValue(AgentCommands.secretRef("lab", "no-such-secret", "token")));
      commands.send("agent-1", missing);
      commands.send("agent-1", run(3));

      var received = inbox.next().getCommand();
      assertThat(received.getRunAttempt().getEnvList())
          .contains(EnvVar.newBuilder().setName("PASSWORD").setSecret(true).setValue(secretValue).build());
      assertThat(inbox.next().getCommand().getCommandSeq()).as("2 cannot be resolved and is not sent").isEqualTo(3);
      // the refusal is written asynchronously: wait for it
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
          fixture.bytes.sync().xrange(BusKeys.REPORTS, Range.create("-", "+"))).singleElement().satisfies(m -> {
            assertThat(text(m.getBody().get(ReportEntry.TYPE))).isEqualTo(ReportEntry.COMMAND_REFUSED);
            assertThat(text(m.getBody().get(ReportEntry.SEQ))).isEqualTo("2");
            assertThat(text(m.getBody().get(ReportEntry.MESSAGE))).contains("lab/no-such-secret");
          }));
      toHub.onNext(Agents.logs(1, 1, 3));
      inbox.next();

      assertThat(fixture.everyKeyAndValue()).doesNotContain(secretValue).contains("bmc-creds");
    }
  }

  private static Command.Builder run(int attempt) {
    return Command.newBuilder().setRunAttempt(RunAttempt.newBuilder().setJobNamespace("lab").setJobName("burn-in")
        .setJobUid(Agents.JOB_UID).setAttempt(attempt).setAttemptId(Agents.JOB_UID + "/" + attempt)
        .setScript("echo hello"));
  }

  private static ArrayList<Long> commandSeqs(Inbox<HubMessage> inbox, int count) throws InterruptedException {
    var seqs = new ArrayList<Long>();
    for (var i = 0; i < count; i++) {
      seqs.add(inbox.next().getCommand().getCommandSeq());
    }
    return seqs;
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
