package dev.anvil.cli.standin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for the Anvil apiserver on loopback: plain HTTP/1.1 routes and RFC 6455 WebSocket routes, one
 * connection per request, every request recorded for the test to check.
 */
public final class StandInApiServer implements AutoCloseable {

  /** Answers one HTTP request. */
  public interface HttpRoute {
    void answer(Request request, HttpReply reply) throws Exception;
  }

  /** Serves one WebSocket on a thread of its own while the server reads the client's frames. */
  public interface WebSocketRoute {
    void serve(WebSocketPeer peer) throws Exception;
  }

  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket listener;
  private final Map<String, HttpRoute> httpRoutes = new ConcurrentHashMap<>();
  private final Map<String, WebSocketRoute> webSocketRoutes = new ConcurrentHashMap<>();
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<WebSocketPeer> peers = new LinkedBlockingQueue<>();

  private StandInApiServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var thread = new Thread(this::acceptLoop, "standin-accept");
    thread.setDaemon(true);
    thread.start();
  }

  public static StandInApiServer start() throws IOException {
    return new StandInApiServer();
  }

  public String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  public void http(String method, String path, HttpRoute route) {
    httpRoutes.put(method + " " + path, route);
  }

  public void webSocket(String path, WebSocketRoute route) {
    webSocketRoutes.put(path, route);
  }

  /** Every request received, WebSocket upgrades included, in order. */
  public BlockingQueue<Request> requests() {
    return requests;
  }

  /** Every WebSocket opened, in order. */
  public BlockingQueue<WebSocketPeer> peers() {
    return peers;
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        var socket = listener.accept();
        var thread = new Thread(() -> handle(socket), "standin-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try (socket) {
      var in = socket.getInputStream();
      var out = socket.getOutputStream();
      var head = readHead(in).split("\r\n");
      var requestLine = head[0].split(" ");
      var headers = new LinkedHashMap<String, String>();
      for (int i = 1; i < head.length; i++) {
        var colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).trim().toLowerCase(), head[i].substring(colon + 1).trim());
      }
      var length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      var body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      var request = Request.of(requestLine[0], requestLine[1], headers, body);
      requests.add(request);
      if ("websocket".equalsIgnoreCase(headers.get("upgrade"))) {
        upgrade(request, in, out);
        return;
      }
      var reply = new HttpReply(out);
      var route = httpRoutes.get(request.method() + " " + request.path());
      if (route == null) {
        reply.status(404, "NotFound", "the stand-in has no route " + request.method() + " " + request.path());
        return;
      }
      route.answer(request, reply);
      reply.finish();
    } catch (Exception e) {
      // the client went away, or a route failed: the test sees it in what the CLI printed
    }
  }

  private void upgrade(Request request, InputStream in, java.io.OutputStream out) throws Exception {
    var route = webSocketRoutes.get(request.path());
    if (route == null) {
      new HttpReply(out).status(404, "NotFound", "no WebSocket route " + request.path());
      return;
    }
    var accept = Base64.getEncoder().encodeToString(sha1(request.header("sec-websocket-key") + WEBSOCKET_GUID));
    var protocol = request.header("sec-websocket-protocol");
    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + accept + "\r\n"
        + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol.split(",")[0].trim() + "\r\n")
        + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    var peer = new WebSocketPeer(request, in, out);
    peers.add(peer);
    var serving = new Thread(() -> {
      try {
        route.serve(peer);
      } catch (Exception e) {
        // the client went away
      }
    }, "standin-websocket");
    serving.setDaemon(true);
    serving.start();
    peer.readUntilClosed();
  }

  private static String readHead(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      var b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the request head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    var text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.length() - 4);
  }

  private static byte[] sha1(String text) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.ISO_8859_1));
  }
}
