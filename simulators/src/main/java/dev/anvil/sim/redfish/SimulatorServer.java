package dev.anvil.sim.redfish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The simulator's HTTP side on Jetty: an HTTPS connector (and optionally a plain one) on loopback, each request handed
 * to the {@link RedfishHandler} and its {@link Reply} written back. Connectors stop and start again on the same port
 * to make the BMC unreachable and reachable.
 */
final class SimulatorServer {

  private final Server server;
  private final ServerConnector https;
  private final ServerConnector http;
  private final int httpsPort;
  private final int httpPort;
  private final AtomicInteger tlsHandshakes = new AtomicInteger();

  SimulatorServer(RedfishHandler handler, SSLContext tls, boolean plainHttp) {
    var threads = new QueuedThreadPool(32, 2);
    threads.setName("redfish-sim");
    threads.setDaemon(true);
    server = new Server(threads);
    var ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls);
    https = connector(ssl);
    https.addBean(new SslHandshakeListener() {
      @Override
      public void handshakeSucceeded(Event event) {
        tlsHandshakes.incrementAndGet();
      }
    });
    http = plainHttp ? connector(null) : null;
    server.setHandler(new Adapter(handler));
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Redfish simulator's server", e);
    }
    httpsPort = https.getLocalPort();
    httpPort = http == null ? -1 : http.getLocalPort();
  }

  private ServerConnector connector(SslContextFactory.Server ssl) {
    var connector = ssl == null ? new ServerConnector(server, 1, 1, new HttpConnectionFactory())
        : new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    return connector;
  }

  int httpsPort() {
    return httpsPort;
  }

  int tlsHandshakes() {
    return tlsHandshakes.get();
  }

  /** The plain HTTP port, or -1 when there is none. */
  int httpPort() {
    return httpPort;
  }

  /** Closes the listening sockets and every open connection. */
  synchronized void stopAccepting() throws Exception {
    https.stop();
    https.setPort(httpsPort);
    if (http != null) {
      http.stop();
      http.setPort(httpPort);
    }
  }

  /** Listens again on the same ports. */
  synchronized void startAccepting() throws Exception {
    for (var connector : server.getConnectors()) {
      if (!connector.isRunning()) {
        connector.start();
      }
    }
  }

  void stop() throws Exception {
    server.stop();
  }

  /** Jetty's side of a request: read it whole, let the handler answer, write the answer whole. */
  private static final class Adapter extends Handler.Abstract {
    private final RedfishHandler handler;

    Adapter(RedfishHandler handler) {
      this.handler = handler;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
      var headers = request.getHeaders();
      var simRequest = new SimRequest(request.getMethod(), MockupTree.normalize(request.getHttpURI().getPath()),
          request.getHttpURI().getQuery(), headers::get, Content.Source.asInputStream(request).readAllBytes());
      var reply = handler.handle(simRequest);
      response.setStatus(reply.status());
      var responseHeaders = response.getHeaders();
      responseHeaders.put("OData-Version", "4.0");
      responseHeaders.put(HttpHeader.CACHE_CONTROL, "no-cache");
      reply.headers().forEach(responseHeaders::put);
      byte[] bytes;
      if (reply.text() != null) {
        bytes = reply.text().getBytes(StandardCharsets.UTF_8);
      } else if (reply.body() != null) {
        responseHeaders.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        bytes = MockupTree.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(reply.body());
      } else {
        response.write(true, null, callback);
        return true;
      }
      responseHeaders.put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
      return true;
    }
  }
}
