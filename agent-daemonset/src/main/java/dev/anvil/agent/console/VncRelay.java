package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.agent.bmc.SerialExecutor;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One viewer's VNC stream: a connection of its own to the BMC's VNC endpoint (RFB is stateful per connection), bytes
 * relayed unchanged both ways. Connecting and sending run in order on the stream's own executor; the BMC's bytes are
 * read on a pool thread that blocks when the stream's outbox is full.
 */
final class VncRelay implements ConsoleStream, VncConnection.Sink {

  private static final Logger LOG = LoggerFactory.getLogger(VncRelay.class);

  private final String streamId;
  private final String host;
  private final String user;
  private final BmcEndpoint endpoint;
  private final StreamOutbox outbox;
  private final ExecutorService pool;
  private final SerialExecutor tasks;
  private final Runnable forget;
  private final AtomicBoolean over = new AtomicBoolean();
  private volatile VncConnection connection;

  /** @param endpoint the VNC address with the host's TLS settings */
  VncRelay(String streamId, String host, String user, BmcEndpoint endpoint, StreamOutbox outbox,
      ExecutorService pool, Runnable forget) {
    this.streamId = streamId;
    this.host = host;
    this.user = user;
    this.endpoint = endpoint;
    this.outbox = outbox;
    this.pool = pool;
    this.tasks = new SerialExecutor(pool);
    this.forget = forget;
  }

  void start() {
    tasks.execute(this::connect);
  }

  private void connect() {
    if (over.get()) {
      return;
    }
    var display = ConsoleSettings.display(endpoint.address().toString());
    try {
      connection = VncConnection.open(endpoint, this, pool);
    } catch (ConsoleException e) {
      end(e.reason(), e.getMessage());
      return;
    }
    if (over.get()) {
      connection.close(); // the viewer left while connecting
      return;
    }
    outbox.opened(true, "connected to " + display);
    connection.startReading();
    LOG.info("VNC console of BmcHost {}: stream {} opened by {} to {}", host, streamId, user, display);
  }

  @Override
  public void input(byte[] data) {
    tasks.execute(() -> {
      var current = connection;
      if (current == null || over.get()) {
        return;
      }
      try {
        current.send(data);
      } catch (IOException e) {
        end(CloseReason.ENDED, "the VNC connection failed: " + e.getMessage());
      }
    });
  }

  @Override
  public void leave() {
    if (over.compareAndSet(false, true)) {
      outbox.discard();
      forget.run();
      tasks.execute(this::disconnect);
      LOG.info("VNC console of BmcHost {}: stream {} ({}) left", host, streamId, user);
    }
  }

  @Override
  public void end(CloseReason reason, String message) {
    if (over.compareAndSet(false, true)) {
      outbox.close(reason, message);
      forget.run();
      tasks.execute(this::disconnect);
      LOG.info("VNC console of BmcHost {}: stream {} ({}) ended: {}: {}", host, streamId, user, reason, message);
    }
  }

  private void disconnect() {
    var current = connection;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean output(byte[] data) throws InterruptedException {
    return outbox.output(data);
  }

  @Override
  public void ended(Exception cause) {
    end(CloseReason.ENDED, cause == null ? "the BMC closed the VNC connection"
        : "the VNC connection failed: " + cause.getMessage());
  }
}
