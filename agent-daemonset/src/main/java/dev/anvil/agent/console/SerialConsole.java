package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.agent.bmc.SerialExecutor;
import dev.anvil.agent.bmc.ipmi.SolSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial console of one host: one SOL session shared by all the host's streams, opened with the first and closed
 * when the last leaves; every stream gets all output, only the writer's input reaches the host ({@link WriterRoles}).
 * Opens, keystrokes and leaves run one at a time, in order, on the console's own executor, never on the BMC pollers'
 * threads nor on gRPC's.
 */
final class SerialConsole {

  private static final Logger LOG = LoggerFactory.getLogger(SerialConsole.class);

  private final SerialLine.Opener opener;
  private final SerialExecutor tasks;
  /** The streams that joined, by stream id; read by the line's output thread. */
  private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
  // task state
  private WriterRoles roles = new WriterRoles();
  private SerialLine line;
  private LineListener lineListener;
  private String host;

  SerialConsole(String hostUid, SerialLine.Opener opener, Executor pool) {
    this.opener = opener;
    this.tasks = new SerialExecutor(pool);
    this.host = hostUid;
  }

  /** A stream of this console, which joins on {@link Viewer#start()}. */
  Viewer viewer(String streamId, String user, boolean write, boolean takeOver, ConsoleSettings settings,
      StreamOutbox outbox, Runnable forget) {
    return new Viewer(streamId, user, write, takeOver, settings, outbox, forget);
  }

  /** Completes once every task queued so far ran (the streams that left are gone, the line closed if none is left). */
  CompletableFuture<Void> drained() {
    var done = new CompletableFuture<Void>();
    tasks.execute(() -> done.complete(null));
    return done;
  }

  /** One viewer's stream of this console. */
  final class Viewer implements ConsoleStream {
    private final String streamId;
    private final String user;
    private final boolean write;
    private final boolean takeOver;
    private final ConsoleSettings settings;
    private final StreamOutbox outbox;
    private final Runnable forget;
    private final AtomicBoolean over = new AtomicBoolean();

    private Viewer(String streamId, String user, boolean write, boolean takeOver, ConsoleSettings settings,
        StreamOutbox outbox, Runnable forget) {
      this.streamId = streamId;
      this.user = user;
      this.write = write;
      this.takeOver = takeOver;
      this.settings = settings;
      this.outbox = outbox;
      this.forget = forget;
    }

    void start() {
      tasks.execute(() -> join(this));
    }

    @Override
    public void input(byte[] data) {
      tasks.execute(() -> type(this, data));
    }

    @Override
    public void leave() {
      if (over.compareAndSet(false, true)) {
        outbox.discard();
        forget.run();
        tasks.execute(() -> remove(this));
      }
    }

    @Override
    public void end(CloseReason reason, String message) {
      if (over.compareAndSet(false, true)) {
        outbox.close(reason, message);
        forget.run();
        LOG.info("serial console of BmcHost {}: stream {} ({}) ended: {}: {}", host, streamId, user, reason, message);
        tasks.execute(() -> remove(this));
      }
    }

    /** Ended by the console itself (a task): closed without a role change for the others. */
    private void ended(CloseReason reason, String message) {
      if (over.compareAndSet(false, true)) {
        outbox.close(reason, message);
        forget.run();
      }
    }
  }

  private void join(Viewer viewer) {
    if (viewer.over.get()) {
      return; // left before it joined
    }
    host = viewer.settings.host();
    if (line == null) {
      try {
        var endpoint = ConsoleAddresses.sol(viewer.settings);
        var listener = new LineListener();
        line = opener.open(endpoint, listener);
        lineListener = listener;
        LOG.info("serial console of BmcHost {}: Serial over LAN active at {}", host, endpoint.address());
      } catch (ConsoleException e) {
        viewer.ended(e.reason(), e.getMessage());
        LOG.info("serial console of BmcHost {}: stream {} not opened: {}", host, viewer.streamId, e.getMessage());
        return;
      } catch (BmcException e) {
        viewer.ended(CloseReason.of(e.kind()), "Serial over LAN could not be activated: " + e.getMessage());
        LOG.info("serial console of BmcHost {}: Serial over LAN could not be activated ({}: {})", host, e.kind(),
            e.getMessage());
        return;
      } catch (RuntimeException e) {
        viewer.ended(CloseReason.PROTOCOL, "Serial over LAN failed: " + e.getClass().getSimpleName());
        LOG.warn("serial console of BmcHost {}: opening Serial over LAN failed", host, e);
        return;
      }
    }
    var changes = roles.join(viewer.streamId, viewer.user, viewer.write, viewer.takeOver);
    var own = changes.get(0);
    viewer.outbox.opened(own.writer(), own.message());
    viewers.put(viewer.streamId, viewer);
    tell(changes.subList(1, changes.size()));
    LOG.info("serial console of BmcHost {}: stream {} opened by {} as {} ({} streams)", host, viewer.streamId,
        viewer.user, own.writer() ? "writer" : "reader", viewers.size());
  }

  private void type(Viewer viewer, byte[] data) {
    if (!viewers.containsKey(viewer.streamId) || line == null) {
      return;
    }
    if (!roles.isWriter(viewer.streamId)) {
      roles.readOnlyNotice(viewer.streamId).ifPresent(notice -> viewer.outbox.role(false, notice.message()));
      return;
    }
    try {
      line.write(data);
    } catch (BmcException e) {
      // the line has ended: its listener ends every stream
      LOG.debug("serial console of BmcHost {}: input lost: {}", host, e.getMessage());
    } catch (IllegalStateException e) {
      LOG.debug("serial console of BmcHost {}: input after the line closed", host);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void remove(Viewer viewer) {
    if (viewers.remove(viewer.streamId) == null) {
      return;
    }
    tell(roles.leave(viewer.streamId));
    if (roles.isEmpty()) {
      closeLine();
    }
  }

  private void tell(List<WriterRoles.Change> changes) {
    for (var change : changes) {
      var viewer = viewers.get(change.streamId());
      if (viewer != null) {
        viewer.outbox.role(change.writer(), change.message());
      }
    }
  }

  private void closeLine() {
    if (line != null) {
      var closing = line;
      line = null;
      lineListener = null;
      closing.close();
      LOG.info("serial console of BmcHost {}: Serial over LAN closed (no stream left)", host);
    }
  }

  /** The line ended by itself (the BMC deactivated SOL or stopped answering): every stream ends. */
  private void lineEnded(LineListener listener, BmcException cause) {
    if (listener != lineListener) {
      return; // a line this console closed itself
    }
    line = null;
    lineListener = null;
    var reason = cause != null && cause.kind() == BmcException.Kind.UNREACHABLE
        ? CloseReason.UNREACHABLE : CloseReason.ENDED;
    var message = cause == null ? "the serial console ended" : cause.getMessage();
    LOG.info("serial console of BmcHost {}: Serial over LAN ended ({}); {} streams closed", host, message,
        viewers.size());
    for (var viewer : List.copyOf(viewers.values())) {
      viewer.ended(reason, message);
    }
    viewers.clear();
    roles = new WriterRoles();
  }

  /** Fans the host's output out to every stream; hears the line's end. */
  private final class LineListener implements SolSession.Listener {
    @Override
    public void output(byte[] characters) {
      for (var viewer : viewers.values()) {
        try {
          viewer.outbox.output(characters);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void closed(BmcException cause) {
      tasks.execute(() -> lineEnded(this, cause));
    }
  }
}
