package dev.anvil.protocol;

import static dev.anvil.protocol.ProtocolFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AgentMessagesRoundTripTest {

  static Stream<AgentMessage> agentMessages() {
    return Stream.of(
        AgentMessage.newBuilder().setHello(hello(7)).build(),
        AgentMessage.newBuilder().setHeartbeat(heartbeat()).build(),
        AgentMessage.newBuilder().setAck(ack(9, 8)).build(),
        AgentMessage.newBuilder().setReport(attemptStarted(1)).build(),
        AgentMessage.newBuilder().setReport(logLines(2)).build(),
        AgentMessage.newBuilder().setReport(attemptFinished(3)).build());
  }

  static Stream<HubMessage> hubMessages() {
    return Stream.of(
        HubMessage.newBuilder().setWelcome(welcome(41)).build(),
        HubMessage.newBuilder().setCommand(runAttempt(1)).build(),
        HubMessage.newBuilder().setCommand(runScript(2)).build(),
        HubMessage.newBuilder().setCommand(cancelAttempt(3)).build(),
        HubMessage.newBuilder().setReportAck(reportAck(42)).build());
  }

  @ParameterizedTest
  @MethodSource("agentMessages")
  void agentMessageSurvivesTheWire(AgentMessage message) throws IOException {
    assertRoundTrip(message, AgentMessage.parser());
  }

  @ParameterizedTest
  @MethodSource("hubMessages")
  void hubMessageSurvivesTheWire(HubMessage message) throws IOException {
    assertRoundTrip(message, HubMessage.parser());
  }

  @Test
  void exitCodeZeroIsDistinctFromNoExitCode() throws IOException {
    var exited = AttemptFinished.newBuilder().setAttemptId(ATTEMPT_ID).setReason(AttemptFinished.Reason.COMPLETED)
        .setExitCode(0).build();
    var neverStarted = AttemptFinished.newBuilder().setAttemptId(ATTEMPT_ID)
        .setReason(AttemptFinished.Reason.START_FAILED).build();

    assertThat(AttemptFinished.parseFrom(exited.toByteArray()).hasExitCode()).isTrue();
    assertThat(AttemptFinished.parseFrom(neverStarted.toByteArray()).hasExitCode()).isFalse();
  }

  /** A v1 peer receiving a message kind added later (a free field, 11) skips it and keeps the stream. */
  @Test
  void unknownAgentMessageBodyIsSkipped() throws IOException {
    var parsed = AgentMessage.parseFrom(encode(out -> out.writeByteArray(11, new byte[] {8, 1})));

    assertThat(parsed.getBodyCase()).isEqualTo(AgentMessage.BodyCase.BODY_NOT_SET);
    assertThat(parsed.getUnknownFields().hasField(11)).isTrue();
  }

  /** A command kind added later (a free field, 30) reaching an older agent still carries a command_seq to ack. */
  @Test
  void unknownCommandKindKeepsItsSequence() throws IOException {
    var bytes = encode(out -> {
      out.writeUInt64(1, 17);
      out.writeByteArray(30, new byte[] {8, 1});
    });

    var parsed = Command.parseFrom(bytes);

    assertThat(parsed.getCommandSeq()).isEqualTo(17);
    assertThat(parsed.getKindCase()).isEqualTo(Command.KindCase.KIND_NOT_SET);
  }

  /** A reason added later reads as UNRECOGNIZED, which the hub treats as FAILED. */
  @Test
  void unknownFinishReasonReadsAsUnrecognized() throws IOException {
    var bytes = encode(out -> {
      out.writeString(1, ATTEMPT_ID);
      out.writeEnum(2, 99);
    });

    var parsed = AttemptFinished.parseFrom(bytes);

    assertThat(parsed.getReason()).isEqualTo(AttemptFinished.Reason.UNRECOGNIZED);
    assertThat(parsed.getReasonValue()).isEqualTo(99);
  }

  @Test
  void reportKeepsItsSequenceWhateverItsBody() throws IOException {
    var bytes = encode(out -> {
      out.writeUInt64(1, 5);
      out.writeByteArray(30, new byte[0]);
    });

    var parsed = Report.parseFrom(bytes);

    assertThat(parsed.getReportSeq()).isEqualTo(5);
    assertThat(parsed.getBodyCase()).isEqualTo(Report.BodyCase.BODY_NOT_SET);
  }

  private static <M extends Message> void assertRoundTrip(M message, Parser<M> parser) throws IOException {
    var parsed = parser.parseFrom(message.toByteArray());

    assertThat(parsed).isEqualTo(message);
    assertThat(parsed.getUnknownFields().asMap()).isEmpty();
  }

  private interface Writer {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] encode(Writer writer) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var out = CodedOutputStream.newInstance(bytes);
    writer.write(out);
    out.flush();
    return bytes.toByteArray();
  }
}
