package dev.anvil.agent.console;

import dev.anvil.agent.bmc.ConsoleSettings;
import dev.anvil.agent.bmc.ipmi.SolSession;
import dev.anvil.agent.hub.ConsoleHandler;
import dev.anvil.agent.hub.ConsoleLink;
import dev.anvil.protocol.Features;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleOpen;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's console relay: opens, feeds and ends the console streams the hub asks for (serial over IPMI SOL, VNC),
 * on threads of its own, and sends their events back on the hub stream through the {@link ConsolePump}. Streams live
 * and die with the hub stream that opened them.
 */
public final class ConsoleService implements ConsoleHandler, AutoCloseable {

  /** What the agent lists in Hello.features for its consoles. */
  public static final List<String> FEATURES = List.of(Features.CONSOLE_SERIAL, Features.CONSOLE_VNC);
  /** Serial output held per stream before the oldest is dropped. */
  static final int SERIAL_OUTBOX_BYTES = 64 * 1024;
  /** VNC output held per stream before the BMC connection's reader waits. */
  static final int VNC_OUTBOX_BYTES = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleService.class);

  /** A stream the service knows, with its input's sequence check. */
  private record Entry(String hostUid, ConsoleStream stream, InputSequence input) {
  }

  private final Function<String, Optional<ConsoleSettings>> hosts;
  private final SerialLine.Opener serialLines;
  private final ExecutorService pool;
  private final ConsolePump pump = new ConsolePump();
  private final Map<String, Entry> streams = new ConcurrentHashMap<>();
  private final Map<String, SerialConsole> serials = new ConcurrentHashMap<>();

  /** A relay for the hosts {@code hosts} knows (the served hosts' console settings), with IPMI SOL serial lines. */
  public ConsoleService(Function<String, Optional<ConsoleSettings>> hosts) {
    this(hosts, SerialLine.sol(SolSession.Options.defaults()));
  }

  ConsoleService(Function<String, Optional<ConsoleSettings>> hosts, SerialLine.Opener serialLines) {
    this.hosts = hosts;
    this.serialLines = serialLines;
    var counter = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(r -> {
      var thread = new Thread(r, "console-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void attach(ConsoleLink link) {
    pump.attach(link);
  }

  @Override
  public void ready() {
    pump.wake();
  }

  @Override
  public void detach(ConsoleLink link) {
    pump.detach(link);
    var open = List.copyOf(streams.values());
    open.forEach(entry -> entry.stream().leave());
    if (!open.isEmpty()) {
      LOG.info("the hub stream ended: {} console streams closed (viewers reconnect)", open.size());
    }
  }

  @Override
  public void request(ConsoleRequest request) {
    var id = request.getStreamId();
    switch (request.getKindCase()) {
      case OPEN -> open(id, request.getOpen());
      case INPUT -> input(id, request.getInput());
      case CLOSE -> {
        var entry = streams.get(id);
        if (entry != null) {
          entry.stream().leave();
        }
      }
      default -> {
        // a console frame from a newer hub: ignored, as the protocol says
      }
    }
  }

  /** The agent stopped serving the host: its console streams end (NOT_SERVED). */
  public void hostReleased(String hostUid) {
    streams.values().stream().filter(e -> e.hostUid().equals(hostUid))
        .forEach(e -> e.stream().end(CloseReason.NOT_SERVED, "the agent no longer serves the host"));
    serials.remove(hostUid);
  }

  /** Console streams open right now. */
  public int openStreams() {
    return streams.size();
  }

  /** Streams whose events still wait to be sent (ended streams' included). */
  int pendingOutboxes() {
    return pump.outboxes();
  }

  private void open(String id, ConsoleOpen open) {
    if (streams.containsKey(id)) {
      LOG.warn("console stream {} is open already; the repeated ConsoleOpen is ignored", id);
      return;
    }
    var uid = open.getHostUid();
    var settings = hosts.apply(uid);
    if (settings.isEmpty()) {
      refuse(id, CloseReason.NOT_SERVED, "this agent does not serve BmcHost " + uid);
      return;
    }
    var host = settings.get();
    switch (open.getKind()) {
      case SERIAL -> {
        var outbox = pump.open(id, SERIAL_OUTBOX_BYTES, StreamOutbox.Overflow.DROP_OLDEST);
        var console = serials.computeIfAbsent(uid, u -> new SerialConsole(u, serialLines, pool));
        var viewer = console.viewer(id, open.getUser(), open.getWrite(), open.getTakeOver(), host, outbox,
            () -> streams.remove(id));
        streams.put(id, new Entry(uid, viewer, new InputSequence()));
        viewer.start();
      }
      case VNC -> {
        URI address;
        try {
          address = ConsoleAddresses.vnc(host);
        } catch (ConsoleException e) {
          refuse(id, e.reason(), e.getMessage());
          return;
        }
        var outbox = pump.open(id, VNC_OUTBOX_BYTES, StreamOutbox.Overflow.BLOCK);
        var relay = new VncRelay(id, host.host(), open.getUser(), host.endpoint(address), outbox, pool,
            () -> streams.remove(id));
        streams.put(id, new Entry(uid, relay, new InputSequence()));
        relay.start();
      }
      default -> refuse(id, CloseReason.UNSUPPORTED, "console kind " + open.getKind() + " is not supported");
    }
  }

  private void input(String id, ConsoleData data) {
    var entry = streams.get(id);
    if (entry == null) {
      return; // the stream ended; frames in flight are dropped
    }
    try {
      entry.input().accept(data.getSeq());
    } catch (ConsoleException e) {
      entry.stream().end(e.reason(), e.getMessage());
      return;
    }
    entry.stream().input(data.getData().toByteArray());
  }

  private void refuse(String id, CloseReason reason, String message) {
    LOG.info("console stream {} not opened: {}: {}", id, reason, message);
    pump.open(id, StreamOutbox.MAX_FRAME, StreamOutbox.Overflow.DROP_OLDEST).close(reason, message);
  }

  /** Ends every stream (the hub has gone first, so they end without a word) and waits a while for SOL to close. */
  @Override
  public void close() {
    List.copyOf(streams.values()).forEach(entry -> entry.stream().leave());
    var drained = serials.values().stream().map(SerialConsole::drained).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(drained).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("not every Serial over LAN session closed within 5 s; the BMCs end them on their own timeout");
    }
    pool.shutdownNow();
    pump.close();
  }
}
