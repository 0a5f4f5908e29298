package dev.anvil.agent.spool;

import dev.anvil.protocol.agent.v1.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the agent's reports enter the spool: bodies without a report_seq (the spool numbers them) and a wake-up for
 * the sender waiting for something new to send.
 */
public final class ReportOutbox {

  private final ReportSpool spool;
  private final Object appended = new Object();

  public ReportOutbox(ReportSpool spool) {
    this.spool = spool;
  }

  public ReportSpool spool() {
    return spool;
  }

  /** Spools one report (its report_seq is ignored) and returns the sequence it got. */
  public long append(Report.Builder report) {
    var seq = spool.append(report.clearReportSeq().build().toByteArray());
    wake();
    return seq;
  }

  /** Spools reports in order under consecutive sequences; returns the last. */
  public long appendAll(List<Report.Builder> reports) {
    var payloads = new ArrayList<byte[]>(reports.size());
    reports.forEach(r -> payloads.add(r.clearReportSeq().build().toByteArray()));
    var seq = spool.appendAll(payloads);
    wake();
    return seq;
  }

  /** Waits at most {@code limit} until a report after {@code sequence} was appended; false on timeout. */
  public boolean awaitAfter(long sequence, Duration limit) throws InterruptedException {
    var deadline = System.nanoTime() + limit.toNanos();
    synchronized (appended) {
      while (spool.lastSequence() <= sequence) {
        var left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(appended, left);
      }
      return true;
    }
  }

  private void wake() {
    synchronized (appended) {
      appended.notifyAll();
    }
  }
}
