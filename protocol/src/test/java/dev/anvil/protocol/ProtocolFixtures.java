package dev.anvil.protocol;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.anvil.protocol.agent.v1.Ack;
import dev.anvil.protocol.agent.v1.Argv;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.AttemptStarted;
import dev.anvil.protocol.agent.v1.CancelAttempt;
import dev.anvil.protocol.agent.v1.Capacity;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.EnvVar;
import dev.anvil.protocol.agent.v1.Heartbeat;
import dev.anvil.protocol.agent.v1.Hello;
import dev.anvil.protocol.agent.v1.LogLine;
import dev.anvil.protocol.agent.v1.LogLines;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.ReportAck;
import dev.anvil.protocol.agent.v1.RunAttempt;
import dev.anvil.protocol.agent.v1.Welcome;

/** Fully populated protocol messages for the tests: every field set to a value other than its default. */
public final class ProtocolFixtures {

  public static final String JOB_UID = "3f0c6f1e-8a51-4c1e-9d0e-2b7c1a9e5d42";
  public static final String ATTEMPT_ID = new AttemptId(JOB_UID, 2).toString();

  private ProtocolFixtures() {
  }

  public static Timestamp time(long seconds) {
    return Timestamp.newBuilder().setSeconds(1_760_000_000L + seconds).setNanos(123_000_000).build();
  }

  public static Hello hello(long lastExecutedCommandSeq) {
    return Hello.newBuilder()
        .setAgentId("agent-node-a")
        .setNodeName("node-a")
        .setDatacenter("dc-a")
        .putLabels("anvil.dev/datacenter", "dc-a")
        .putLabels("disk", "nvme")
        .setCapacity(Capacity.newBuilder().setMaxConcurrentAttempts(8).setCpuCores(16).setMemoryBytes(64L << 30))
        .setAgentVersion("0.1.0")
        .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION)
        .setLastExecutedCommandSeq(lastExecutedCommandSeq)
        .setDurableSpool(true)
        .addFeatures(Features.RUN_ATTEMPT)
        .addFeatures(Features.CANCEL_ATTEMPT)
        .build();
  }

  public static Heartbeat heartbeat() {
    return Heartbeat.newBuilder()
        .setTime(time(5))
        .setCpuLoad(0.42)
        .setMemoryUsedBytes(3L << 30)
        .addRunningAttemptIds(ATTEMPT_ID)
        .build();
  }

  public static Ack ack(long received, long executed) {
    return Ack.newBuilder().setReceivedCommandSeq(received).setExecutedCommandSeq(executed).build();
  }

  public static Report attemptStarted(long reportSeq) {
    return Report.newBuilder()
        .setReportSeq(reportSeq)
        .setAttemptStarted(AttemptStarted.newBuilder().setAttemptId(ATTEMPT_ID).setPid(4242).setStartedTime(time(10)))
        .build();
  }

  public static Report logLines(long reportSeq) {
    return Report.newBuilder()
        .setReportSeq(reportSeq)
        .setLogLines(LogLines.newBuilder()
            .setAttemptId(ATTEMPT_ID)
            .addLines(LogLine.newBuilder().setLineSeq(1).setStream(LogLine.Stream.STDOUT).setText("line 1").setTime(time(11)))
            .addLines(LogLine.newBuilder().setLineSeq(2).setStream(LogLine.Stream.STDERR).setText("wärning \uFFFD").setTime(time(12))))
        .build();
  }

  public static Report attemptFinished(long reportSeq) {
    return Report.newBuilder()
        .setReportSeq(reportSeq)
        .setAttemptFinished(AttemptFinished.newBuilder()
            .setAttemptId(ATTEMPT_ID)
            .setReason(AttemptFinished.Reason.FAILED)
            .setExitCode(3)
            .putResults("verdict", "fail")
            .setMessage("exit code 3")
            .setFinishedTime(time(20))
            .setLastLineSeq(2))
        .build();
  }

  public static Welcome welcome(long lastStoredReportSeq) {
    return Welcome.newBuilder()
        .setSessionId("session-1")
        .setLastStoredReportSeq(lastStoredReportSeq)
        .setHeartbeatInterval(Duration.newBuilder().setSeconds(10))
        .setProtocolVersion(AgentProtocol.PROTOCOL_VERSION)
        .build();
  }

  public static Command runAttempt(long commandSeq) {
    return Command.newBuilder()
        .setCommandSeq(commandSeq)
        .setRunAttempt(RunAttempt.newBuilder()
            .setJobNamespace("lab")
            .setJobName("disk-burn-in")
            .setJobUid(JOB_UID)
            .setAttempt(2)
            .setAttemptId(ATTEMPT_ID)
            .setCommand(Argv.newBuilder().addArgs("/bin/sh").addArgs("-c").addArgs("echo pass > \"$ANVIL_RESULTS/verdict\""))
            .addEnv(EnvVar.newBuilder().setName("MODE").setValue("quick"))
            .addEnv(EnvVar.newBuilder().setName("API_KEY").setValue("s3cr3t").setSecret(true))
            .setWorkingDir("/var/lib/anvil/work")
            .setTimeout(Duration.newBuilder().setSeconds(600))
            .setDeadline(time(3600)))
        .build();
  }

  public static Command runScript(long commandSeq) {
    var command = runAttempt(commandSeq).toBuilder();
    command.getRunAttemptBuilder().setScript("set -x\nfio --name=burn --size=1G\n");
    return command.build();
  }

  public static Command cancelAttempt(long commandSeq) {
    return Command.newBuilder()
        .setCommandSeq(commandSeq)
        .setCancelAttempt(CancelAttempt.newBuilder()
            .setAttemptId(ATTEMPT_ID)
            .setReason("JobDeleted")
            .setGracePeriod(Duration.newBuilder().setSeconds(30)))
        .build();
  }

  public static ReportAck reportAck(long reportSeq) {
    return ReportAck.newBuilder().setReportSeq(reportSeq).build();
  }
}
