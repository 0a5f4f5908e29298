package dev.anvil.apiserver.console;

import com.google.protobuf.ByteString;
import dev.anvil.protocol.agent.v1.ConsoleClose;
import dev.anvil.protocol.agent.v1.ConsoleData;
import dev.anvil.protocol.agent.v1.ConsoleEvent;
import dev.anvil.protocol.agent.v1.ConsoleKind;
import dev.anvil.protocol.agent.v1.ConsoleOpen;
import dev.anvil.protocol.agent.v1.ConsoleRequest;
import dev.anvil.protocol.agent.v1.ConsoleRole;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;

/**
 * One viewer's console stream: opens it at the agent, numbers the viewer's input, checks the numbering of the
 * agent's output (a gap ends the stream: bytes were lost on the way), and ends it on whichever side leaves first.
 * Serial viewers also get JSON text notices ({@code {"type":"opened"|"role"|"closed",...}}); VNC viewers get the
 * RFB bytes only, as noVNC expects.
 */
final class ViewerStream {

  private static final Logger LOG = LoggerFactory.getLogger(ViewerStream.class);
  /** A close frame's reason is at most 123 bytes. */
  private static final int MAX_CLOSE_REASON = 123;

  private final String id = UUID.randomUUID().toString();
  private final ConsoleTarget target;
  private final ViewerChannels channels;
  private final ViewerOutbox outbox;
  private final ScheduledExecutorService timer;
  private final Duration openTimeout;
  private long inputSeq;
  private long expectedOutput = 1;
  private boolean ended;
  private ScheduledFuture<?> openDeadline;

  ViewerStream(ConsoleTarget target, ViewerChannels channels, ViewerOutbox outbox, ScheduledExecutorService timer,
      Duration openTimeout) {
    this.target = target;
    this.channels = channels;
    this.outbox = outbox;
    this.timer = timer;
    this.openTimeout = openTimeout;
  }

  /** Subscribes to the stream's frames, then asks the agent to open it. */
  void start() {
    synchronized (this) {
      openDeadline = timer.schedule(() -> fail("AGENT_UNAVAILABLE", "agent " + target.agent()
          + " did not open the console within " + openTimeout.toSeconds() + "s"), openTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    var open = ConsoleOpen.newBuilder().setHostUid(target.hostUid()).setKind(target.kind()).setWrite(target.write())
        .setTakeOver(target.takeOver()).setUser(target.user());
    channels.listen(id, this::event)
        .thenCompose(listening -> channels.send(target.agent(), request().setOpen(open).build()))
        .whenComplete((taken, error) -> {
          if (error != null) {
            fail("RELAY_UNAVAILABLE", "the console relay (Redis) is unavailable: " + error.getMessage());
          } else if (!taken) {
            fail("AGENT_UNAVAILABLE", "agent " + target.agent() + " serving the host is not connected");
          }
        });
  }

  /** Keystrokes (or RFB client messages) from the viewer. */
  void input(byte[] bytes) {
    ConsoleRequest frame;
    synchronized (this) {
      if (ended || bytes.length == 0) {
        return;
      }
      frame = request().setInput(ConsoleData.newBuilder().setSeq(++inputSeq).setData(ByteString.copyFrom(bytes)))
          .build();
    }
    // one viewer's frames are published in order: the socket delivers its messages one at a time
    channels.send(target.agent(), frame);
  }

  /** The viewer closed the socket (or it broke). */
  void viewerLeft() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      cancelDeadline();
    }
    channels.stopListening(id);
    channels.send(target.agent(), request().setClose(ConsoleClose.newBuilder().setReason("the viewer left")).build());
  }

  private void event(ConsoleEvent event) {
    switch (event.getKindCase()) {
      case OPENED -> {
        synchronized (this) {
          cancelDeadline();
        }
        LOG.info("console stream {} opened: {} by {}", id, target.describe(), target.user());
        notice("opened", event.getOpened());
      }
      case OUTPUT -> output(event.getOutput());
      case ROLE -> notice("role", event.getRole());
      case CLOSED -> end(event.getClosed().getReason(), event.getClosed().getMessage());
      default -> {
      }
    }
  }

  private void output(ConsoleData data) {
    synchronized (this) {
      if (ended) {
        return;
      }
      if (data.getSeq() != expectedOutput) {
        var lost = data.getSeq() - expectedOutput;
        ended = true;
        channels.send(target.agent(), request().setClose(ConsoleClose.newBuilder().setReason("GAP")).build());
        finish("GAP", "console output was lost on the way (" + lost + " frames); reconnect");
        return;
      }
      expectedOutput++;
      if (!outbox.output(data.getData().toByteArray())) {
        ended = true;
        channels.send(target.agent(), request().setClose(ConsoleClose.newBuilder().setReason("TOO_SLOW")).build());
        finish("TOO_SLOW", "the viewer did not keep up with the VNC stream; reconnect");
      }
    }
  }

  private void notice(String type, ConsoleRole role) {
    if (target.kind() != ConsoleKind.SERIAL) {
      return;
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("type", type);
    body.put("writer", role.getWriter());
    body.put("message", role.getMessage());
    outbox.notice(io.fabric8.kubernetes.client.utils.Serialization.asJson(body));
  }

  /** Ends the stream on this side and tells the agent. */
  private void fail(String reason, String message) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    channels.send(target.agent(), request().setClose(ConsoleClose.newBuilder().setReason(reason)).build());
    finish(reason, message);
  }

  /** The agent ended the stream. */
  private void end(String reason, String message) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    finish(reason, message);
  }

  private void finish(String reason, String message) {
    synchronized (this) {
      cancelDeadline();
    }
    channels.stopListening(id);
    LOG.info("console stream {} ({}) ended: {} {}", id, target.describe(), reason, message);
    if (target.kind() == ConsoleKind.SERIAL) {
      var body = new LinkedHashMap<String, Object>();
      body.put("type", "closed");
      body.put("reason", reason);
      body.put("message", message);
      outbox.notice(io.fabric8.kubernetes.client.utils.Serialization.asJson(body));
    }
    var normal = "ENDED".equals(reason);
    outbox.close((normal ? CloseStatus.NORMAL : CloseStatus.SERVER_ERROR).withReason(closeReason(reason, message)));
  }

  private void cancelDeadline() {
    if (openDeadline != null) {
      openDeadline.cancel(false);
    }
  }

  private ConsoleRequest.Builder request() {
    return ConsoleRequest.newBuilder().setStreamId(id);
  }

  static String closeReason(String reason, String message) {
    var text = reason + ": " + message;
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_CLOSE_REASON) {
      return text;
    }
    var cut = text;
    while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON - 3) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "...";
  }
}
