package dev.anvil.apiserver.hub;

import com.google.protobuf.Timestamp;
import dev.anvil.protocol.AgentProtocol;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.Capacity;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.LogLine;
import dev.anvil.protocol.agent.v1.LogLines;
import dev.anvil.protocol.agent.v1.Report;
import java.util.ArrayList;
import java.util.List;

/** Agent messages for the hub tests. */
final class Agents {

  static final String TOKEN = "bootstrap-7a1f9c";
  static final String JOB_UID = "3f0c6f1e-8a51-4c1e-9d0e-2b7c1a9e5d42";
  static final String ATTEMPT = JOB_UID + "/1";

  private Agents() {
  }

  static AgentMessage hello(String agentId, long lastExecutedCommandSeq) {
    return AgentMessage.newBuilder().setHello(Hello.newBuilder()
        .setAgentId(agentId)
        .setNodeName("node-a")
        .setDatacenter("dc-a")
        .putLabels("anvil.dev/datacenter", "dc-a")
        .setCapacity(Capacity.newBuilder().setMaxConcurrentAttempts(4).setCpuCores(8).setMemoryBytes(16L << 30))
        .setAgentVersion("0.1.0-test")
        .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION)
        .setLastExecutedCommandSeq(lastExecutedCommandSeq)
        .setDurableSpool(true)
        .addFeatures(Features.RUN_ATTEMPT)
        .addFeatures(Features.CANCEL_ATTEMPT)).build();
  }

  /** Report {@code seq} carrying log lines {@code firstLine..lastLine} of {@link #ATTEMPT}. */
  static AgentMessage logs(long seq, long firstLine, long lastLine) {
    var lines = LogLines.newBuilder().setAttemptId(ATTEMPT);
    for (var line = firstLine; line <= lastLine; line++) {
      lines.addLines(LogLine.newBuilder().setLineSeq(line).setStream(LogLine.Stream.STDOUT)
          .setText("line " + line).setTime(Timestamp.newBuilder().setSeconds(1_760_000_000L + line)));
    }
    return AgentMessage.newBuilder().setReport(Report.newBuilder().setReportSeq(seq).setLogLines(lines)).build();
  }

  /** The report_seq of the next {@code count} messages, each a ReportAck. */
  static List<Long> acks(Inbox<HubMessage> inbox, int count) throws InterruptedException {
    var acks = new ArrayList<Long>();
    for (var i = 0; i < count; i++) {
      acks.add(inbox.next().getReportAck().getReportSeq());
    }
    return acks;
  }

  static AgentMessage finished(long seq, long lastLine) {
    return AgentMessage.newBuilder().setReport(Report.newBuilder().setReportSeq(seq)
        .setAttemptFinished(AttemptFinished.newBuilder().setAttemptId(ATTEMPT)
            .setReason(AttemptFinished.Reason.COMPLETED).setExitCode(0).setLastLineSeq(lastLine))).build();
  }
}
