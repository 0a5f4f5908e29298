package dev.anvil.agent.hub;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.agent.v1.Ack;
import dev.anvil.protocol.agent.v1.AgentMessage;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.HubMessage;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.Welcome;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream to the hub: sends what the agent says, executes and acks the hub's commands, hands console frames to the
 * consoles, and drains the spool in order while the transport is ready, so a slow hub stops the sender instead of
 * growing gRPC's buffers.
 */
final class HubSession implements ClientResponseObserver<AgentMessage, HubMessage>, ConsoleLink {

  private static final Logger LOG = LoggerFactory.getLogger(HubSession.class);
  private static final int REPLAY_BATCH = 128;

  private final ReportOutbox outbox;
  private final CommandHandler commands;
  private final ConsoleHandler consoles;
  private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
  private final CompletableFuture<Status> ended = new CompletableFuture<>();
  private final Object sendLock = new Object();
  private final Object readiness = new Object();
  /** Orders attaching the consoles (on the Welcome) against detaching them (at the end), which may race. */
  private final Object consoleLock = new Object();
  private boolean consolesAttached;
  private ClientCallStreamObserver<AgentMessage> out;
  private long received;

  HubSession(ReportOutbox outbox, CommandHandler commands) {
    this(outbox, commands, ConsoleHandler.NONE);
  }

  HubSession(ReportOutbox outbox, CommandHandler commands, ConsoleHandler consoles) {
    this.outbox = outbox;
    this.commands = commands;
    this.consoles = consoles;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
    out = requestStream;
    out.setOnReadyHandler(() -> {
      synchronized (readiness) {
        readiness.notifyAll();
      }
      consoles.ready();
    });
  }

  CompletableFuture<Welcome> welcome() {
    return welcome;
  }

  CompletableFuture<Status> ended() {
    return ended;
  }

  @Override
  public void onNext(HubMessage message) {
    switch (message.getBodyCase()) {
      case WELCOME -> {
        welcome.complete(message.getWelcome());
        synchronized (consoleLock) {
          if (!ended.isDone() && !consolesAttached) {
            consolesAttached = true;
            consoles.attach(this);
          }
        }
      }
      case COMMAND -> {
        var command = message.getCommand();
        received = Math.max(received, command.getCommandSeq());
        long executed;
        try {
          executed = commands.execute(command);
        } catch (RuntimeException e) {
          // not executed: not acked, so the hub redelivers it on the next stream
          LOG.error("command {} could not be executed: {}", command.getCommandSeq(), e.toString());
          out.cancel("command " + command.getCommandSeq() + " could not be executed", e);
          return;
        }
        send(AgentMessage.newBuilder().setAck(Ack.newBuilder()
            .setReceivedCommandSeq(received).setExecutedCommandSeq(executed)).build());
      }
      case REPORT_ACK -> outbox.spool().acknowledge(message.getReportAck().getReportSeq());
      case CONSOLE -> consoles.request(message.getConsole());
      default -> {
        // a message kind from a newer hub: ignored, as the protocol says
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    end(Status.fromThrowable(t));
  }

  @Override
  public void onCompleted() {
    end(Status.UNAVAILABLE.withDescription("the hub closed the stream"));
  }

  private void end(Status status) {
    if (ended.complete(status)) {
      synchronized (consoleLock) {
        if (consolesAttached) {
          consolesAttached = false;
          consoles.detach(this);
        }
      }
    }
    welcome.completeExceptionally(status.asRuntimeException());
    synchronized (readiness) {
      readiness.notifyAll();
    }
  }

  /** Sends one message unless the stream has ended; the stream observer is not thread-safe, hence the lock. */
  void send(AgentMessage message) {
    synchronized (sendLock) {
      if (ended.isDone()) {
        return;
      }
      try {
        out.onNext(message);
      } catch (RuntimeException e) {
        end(Status.fromThrowable(e));
      }
    }
  }

  @Override
  public boolean isReady() {
    return !ended.isDone() && out.isReady();
  }

  @Override
  public void send(ConsoleEvent event) {
    send(AgentMessage.newBuilder().setConsole(event).build());
  }

  /**
   * Replays the spool from the Welcome position and keeps sending what is appended, until the stream ends or
   * {@code running} turns false. Runs on the connection's thread: the only sender of reports.
   */
  void drain(long lastStored, java.util.function.BooleanSupplier running) throws InterruptedException {
    var spool = outbox.spool();
    spool.acknowledge(lastStored);
    var sent = lastStored;
    while (running.getAsBoolean() && !ended.isDone()) {
      if (!out.isReady()) {
        synchronized (readiness) {
          if (!out.isReady() && !ended.isDone()) {
            readiness.wait(100);
          }
        }
        continue;
      }
      var batch = spool.after(sent, REPLAY_BATCH);
      if (batch.isEmpty()) {
        outbox.awaitAfter(sent, Duration.ofMillis(100));
        continue;
      }
      for (var spooled : batch) {
        if (!out.isReady() || ended.isDone()) {
          break;
        }
        Report.Builder report;
        try {
          report = Report.newBuilder().mergeFrom(spooled.payload());
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("spooled report " + spooled.sequence() + " is not a Report", e);
        }
        send(AgentMessage.newBuilder().setReport(report.setReportSeq(spooled.sequence())).build());
        sent = spooled.sequence();
      }
    }
  }

  /** Ends the stream from the agent's side. */
  void close(String why) {
    synchronized (sendLock) {
      if (!ended.isDone()) {
        out.cancel(why, null);
      }
    }
    try {
      ended.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the stream is gone either way
    }
  }
}
