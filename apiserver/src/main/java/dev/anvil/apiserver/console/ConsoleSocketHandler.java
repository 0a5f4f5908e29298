package dev.anvil.apiserver.console;

import dev.anvil.protocol.agent.v1.ConsoleKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The console and VNC WebSockets once the handshake let them through: binary frames carry the bytes both ways; a
 * text frame from a viewer is typed as its UTF-8 bytes (what a terminal widget hands over).
 */
final class ConsoleSocketHandler extends AbstractWebSocketHandler implements SubProtocolCapable {

  /** Serial output waiting for a slow viewer before its oldest is dropped. */
  static final long SERIAL_BACKLOG = 1 << 20;
  /** VNC output waiting for a slow viewer before the stream ends. */
  static final long VNC_BACKLOG = 16L << 20;

  private final ViewerChannels channels;
  private final ExecutorService senders;
  private final ScheduledExecutorService timer;
  private final Duration openTimeout;
  private final ConcurrentHashMap<String, ViewerStream> streams = new ConcurrentHashMap<>();

  ConsoleSocketHandler(ViewerChannels channels, ExecutorService senders, ScheduledExecutorService timer,
      Duration openTimeout) {
    this.channels = channels;
    this.senders = senders;
    this.timer = timer;
    this.openTimeout = openTimeout;
  }

  /** noVNC asks for "binary"; a client may offer it beside its bearer-token subprotocol. */
  @Override
  public List<String> getSubProtocols() {
    return List.of("binary");
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    var target = (ConsoleTarget) session.getAttributes().get(ConsoleTarget.ATTRIBUTE);
    var serial = target.kind() == ConsoleKind.SERIAL;
    var outbox = new ViewerOutbox(session, senders, serial ? SERIAL_BACKLOG : VNC_BACKLOG, serial);
    var stream = new ViewerStream(target, channels, outbox, timer, openTimeout);
    streams.put(session.getId(), stream);
    stream.start();
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    input(session, message.getPayload());
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    input(session, ByteBuffer.wrap(message.getPayload().getBytes(StandardCharsets.UTF_8)));
  }

  private void input(WebSocketSession session, ByteBuffer payload) {
    var stream = streams.get(session.getId());
    if (stream != null) {
      var bytes = new byte[payload.remaining()];
      payload.get(bytes);
      stream.input(bytes);
    }
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    var stream = streams.remove(session.getId());
    if (stream != null) {
      stream.viewerLeft();
    }
  }

  /** Streams open on this replica. */
  int openStreams() {
    return streams.size();
  }
}
