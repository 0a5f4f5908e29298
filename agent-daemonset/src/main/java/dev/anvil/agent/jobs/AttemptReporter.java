package dev.anvil.agent.jobs;

import com.google.protobuf.Timestamp;
import dev.anvil.agent.exec.ExitReason;
import dev.anvil.agent.exec.LogStream;
import dev.anvil.agent.exec.ProcessListener;
import dev.anvil.agent.exec.ProcessOutcome;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.agent.v1.AttemptFinished;
import dev.anvil.protocol.agent.v1.AttemptStarted;
import dev.anvil.protocol.agent.v1.LogLine;
import dev.anvil.protocol.agent.v1.LogLines;
import dev.anvil.protocol.agent.v1.Report;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Turns one attempt's run into spooled reports: AttemptStarted, log lines in batches (up to {@value #MAX_LINES}
 * lines, {@value #MAX_BYTES} bytes or one flush period, whichever comes first), AttemptFinished.
 */
final class AttemptReporter implements ProcessListener {

  static final int MAX_LINES = 250;
  static final int MAX_BYTES = 64 * 1024;

  private final String attemptId;
  private final ReportOutbox outbox;
  /** Lines wait until AttemptStarted is spooled, so the hub never sees a line before the start. */
  private final CountDownLatch started = new CountDownLatch(1);
  private LogLines.Builder batch;
  private int batchBytes;
  private long firstLineNanos;

  AttemptReporter(String attemptId, ReportOutbox outbox) {
    this.attemptId = attemptId;
    this.outbox = outbox;
  }

  void started(long pid, Instant time) {
    outbox.append(Report.newBuilder().setAttemptStarted(AttemptStarted.newBuilder()
        .setAttemptId(attemptId).setPid(pid).setStartedTime(timestamp(time))));
    started.countDown();
  }

  @Override
  public void onLine(dev.anvil.agent.exec.LogLine line) {
    var proto = LogLine.newBuilder().setLineSeq(line.seq())
        .setStream(line.stream() == LogStream.STDERR ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT)
        .setText(line.text()).setTime(timestamp(line.timestamp()));
    var bytes = line.text().length() + 24;
    synchronized (this) {
      if (batch == null) {
        batch = LogLines.newBuilder().setAttemptId(attemptId);
        batchBytes = 0;
        firstLineNanos = System.nanoTime();
      }
      batch.addLines(proto);
      batchBytes += bytes;
      if (batch.getLinesCount() >= MAX_LINES || batchBytes >= MAX_BYTES) {
        flush();
      }
    }
  }

  /** Spools the pending batch if it is older than {@code maxAgeNanos} (the periodic flush). */
  synchronized void flushOlderThan(long maxAgeNanos) {
    if (batch != null && System.nanoTime() - firstLineNanos >= maxAgeNanos && started.getCount() == 0) {
      flush();
    }
  }

  /** Spools the remaining lines and AttemptFinished: together, so the log is complete when the finish arrives. */
  synchronized void finished(ProcessOutcome outcome) {
    var finish = AttemptFinished.newBuilder().setAttemptId(attemptId).setReason(reason(outcome.reason()))
        .setMessage(outcome.message()).putAllResults(outcome.results())
        .setFinishedTime(timestamp(outcome.finishTime())).setLastLineSeq(outcome.lastSeq());
    if (outcome.exitCode() != null) {
      finish.setExitCode(outcome.exitCode());
    }
    var reports = new java.util.ArrayList<Report.Builder>();
    if (batch != null) {
      reports.add(Report.newBuilder().setLogLines(batch));
      batch = null;
    }
    reports.add(Report.newBuilder().setAttemptFinished(finish));
    outbox.appendAll(reports);
  }

  private void flush() {
    awaitStarted();
    outbox.appendAll(List.of(Report.newBuilder().setLogLines(batch)));
    batch = null;
  }

  private void awaitStarted() {
    try {
      started.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static AttemptFinished.Reason reason(ExitReason reason) {
    return switch (reason) {
      case Completed -> AttemptFinished.Reason.COMPLETED;
      case Failed -> AttemptFinished.Reason.FAILED;
      case TimedOut -> AttemptFinished.Reason.TIMED_OUT;
      case Cancelled -> AttemptFinished.Reason.CANCELLED;
      case StartFailed -> AttemptFinished.Reason.START_FAILED;
    };
  }

  static Timestamp timestamp(Instant time) {
    return Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()).build();
  }
}
