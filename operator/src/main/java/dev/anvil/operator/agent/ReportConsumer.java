package dev.anvil.operator.agent;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.protocol.AttemptId;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.bus.BusKeys;
import dev.anvil.protocol.bus.ReportEntry;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code anvil:reports} in the consumer group {@code operator} on its own thread, puts attempt outcomes in the
 * inbox and wakes their Jobs; entries are acknowledged by the reconcile that wrote their effect, not here.
 */
final class ReportConsumer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ReportConsumer.class);
  static final Duration TRIM_EVERY = Duration.ofSeconds(30);
  private static final int BATCH = 200;

  private final RedisCommands<String, byte[]> redis;
  private final Consumer<String> me;
  private final ReportInbox inbox;
  private final BusListener listener;
  private volatile boolean running = true;
  private String lastRead = "0-0";
  private long nextTrim;

  /** {@code listener} reconciles the Job or BmcHost a report is about. */
  ReportConsumer(RedisCommands<String, byte[]> redis, String identity, ReportInbox inbox, BusListener listener) {
    this.redis = redis;
    this.me = Consumer.from(BusKeys.OPERATOR_GROUP, identity);
    this.inbox = inbox;
    this.listener = listener;
  }

  void stop() {
    running = false;
  }

  @Override
  public void run() {
    var cursor = "0"; // our own pending entries first: they were read before a restart and never acknowledged
    var prepared = false;
    while (running) {
      try {
        if (!prepared) {
          createGroup();
          claimOrphans();
          prepared = true;
        }
        var args = XReadArgs.Builder.count(BATCH);
        if (">".equals(cursor)) {
          args.block(Duration.ofMillis(500)); // short, so that stop() takes effect soon
        }
        List<StreamMessage<String, byte[]>> batch = redis.xreadgroup(me, args,
            XReadArgs.StreamOffset.from(BusKeys.REPORTS, cursor));
        for (var message : batch) {
          handle(message);
        }
        if (!">".equals(cursor)) {
          cursor = batch.isEmpty() ? ">" : batch.get(batch.size() - 1).getId();
        }
        trimNow();
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("reading {} failed, trying again: {}", BusKeys.REPORTS, e.getMessage());
        prepared = false;
        cursor = "0";
        pause();
      }
    }
  }

  private void createGroup() {
    try {
      redis.xgroupCreate(XReadArgs.StreamOffset.from(BusKeys.REPORTS, "0"), BusKeys.OPERATOR_GROUP,
          XGroupCreateArgs.Builder.mkstream());
    } catch (RedisBusyException e) {
      // BUSYGROUP: the group exists, as it does after the first start
    }
  }

  /**
   * Takes over what other consumers read and did not acknowledge: a replica that is gone (a restarted Pod has a new
   * name) would otherwise hold its entries forever. Only the leader consumes, so nobody else is working on them.
   */
  private void claimOrphans() {
    var start = "0-0";
    do {
      var claimed = redis.xautoclaim(BusKeys.REPORTS,
          XAutoClaimArgs.Builder.justid(me, Duration.ZERO, start).count(BATCH));
      start = claimed.getId();
    } while (!"0-0".equals(start));
  }

  private void handle(StreamMessage<String, byte[]> message) {
    lastRead = message.getId();
    var body = message.getBody();
    if (body == null || body.isEmpty()) {
      return; // a pending entry that was trimmed away meanwhile
    }
    var type = text(body.get(ReportEntry.TYPE));
    if (ReportEntry.BMC_OBSERVATION.equals(type) || ReportEntry.BMC_ACTION_RESULT.equals(type)) {
      var host = text(body.get(ReportEntry.HOST));
      if (host != null && !host.isEmpty()) {
        listener.wakeBmcHost(host); // the state is in the host's keys: the entry is only a wake-up
      }
      ack(message.getId());
      return;
    }
    var attemptText = text(body.get(ReportEntry.ATTEMPT));
    AttemptId attempt;
    try {
      attempt = attemptText == null || attemptText.isEmpty() ? null : AttemptId.parse(attemptText);
    } catch (IllegalArgumentException e) {
      attempt = null;
    }
    if (attempt == null || !isOutcome(type)) {
      // log lines carry no outcome, and an entry naming no attempt is nothing the operator can apply
      ack(message.getId());
      return;
    }
    try {
      switch (type) {
        case ReportEntry.ATTEMPT_STARTED -> inbox.started(attempt, message.getId());
        case ReportEntry.ATTEMPT_FINISHED -> inbox.finished(attempt,
            FinishedOutcomes.of(Report.parseFrom(body.get(ReportEntry.PAYLOAD)).getAttemptFinished()),
            message.getId());
        default -> inbox.finished(attempt, FinishedOutcomes.refused(text(body.get(ReportEntry.MESSAGE))),
            message.getId());
      }
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("dropping report {} about attempt {}: its payload is not a Report", message.getId(), attempt);
      ack(message.getId());
      return;
    }
    if (!listener.wakeJob(attempt.jobUid())) {
      inbox.drop(attempt.jobUid()).forEach(this::ack); // the Job was deleted: nobody will apply it
    }
  }

  private static boolean isOutcome(String type) {
    return ReportEntry.ATTEMPT_STARTED.equals(type) || ReportEntry.ATTEMPT_FINISHED.equals(type)
        || ReportEntry.COMMAND_REFUSED.equals(type);
  }

  void ack(String id) {
    redis.xack(BusKeys.REPORTS, BusKeys.OPERATOR_GROUP, id);
  }

  /** Drops entries below the oldest one still pending (or below the last one read when none is). */
  private void trimNow() {
    var now = System.currentTimeMillis();
    if (now < nextTrim) {
      return;
    }
    nextTrim = now + TRIM_EVERY.toMillis();
    var pending = redis.xpending(BusKeys.REPORTS, BusKeys.OPERATOR_GROUP);
    var floor = pending.getCount() > 0 ? pending.getMessageIds().getLower().getValue() : lastRead;
    if (floor != null && !"0-0".equals(floor)) {
      redis.xtrim(BusKeys.REPORTS, XTrimArgs.Builder.minId(floor));
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000); // Redis is away: try again at a calm pace
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static String text(byte[] value) {
    return value == null ? null : new String(value, UTF_8);
  }
}
