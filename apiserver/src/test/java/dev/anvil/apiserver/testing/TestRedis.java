package dev.anvil.apiserver.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** A real {@code redis-server} on a free loopback port, without persistence, for one test class. */
public final class TestRedis implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;

  private TestRedis(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  public static TestRedis start() {
    try {
      var port = freePort();
      var dir = Files.createTempDirectory("anvil-redis");
      var process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile())
          .start();
      var redis = new TestRedis(process, dir, port);
      redis.awaitPing();
      return redis;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
    }
  }

  private void awaitPing() throws IOException {
    var deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
      }
      try (var socket = new Socket("127.0.0.1", port)) {
        socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        var reply = new byte[7];
        if (socket.getInputStream().read(reply) > 0 && new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    throw new IllegalStateException("redis-server did not answer PING on port " + port);
  }

  public static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** A new client; the caller shuts it down. */
  public RedisClient client() {
    return RedisClient.create(uri());
  }

  /** A String connection of {@code client}, for assertions. */
  public static StatefulRedisConnection<String, String> strings(RedisClient client) {
    return client.connect();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // a leftover temp dir is harmless
    }
  }
}
