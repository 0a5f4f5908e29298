package dev.anvil.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process on a free loopback port in its own temporary directory, for tests.
 *
 * <p>Start it with {@link #start()} or {@link #builder()}; {@link #kill()} is a SIGKILL (a crash), {@link #stop()}
 * a graceful shutdown, and {@link #restart()} brings it back on the same port and directory so an append-only
 * file survives. The server's log is {@code redis.log} in {@link #dir()}; it is printed when startup fails.
 */
public final class RedisProcess implements AutoCloseable {

  private static final String NOT_INSTALLED =
      "redis-server is not installed: bin/test installs it (apt-get install redis-server)";
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Path dir;
  private final boolean appendOnly;
  private final boolean fsyncAlways;
  private final int port;
  private Process process;
  private Thread reaper;

  private RedisProcess(boolean appendOnly, boolean fsyncAlways) throws IOException {
    this.appendOnly = appendOnly;
    this.fsyncAlways = fsyncAlways;
    this.dir = Files.createTempDirectory("anvil-redis-");
    this.port = freePort();
  }

  /** A Redis without persistence ({@code --save "" --appendonly no}). */
  public static RedisProcess start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options of a Redis to start. */
  public static final class Builder {
    private boolean appendOnly;
    private boolean fsyncAlways;

    private Builder() {}

    /** {@code --appendonly yes} (with {@code --appendfsync everysec} unless {@link #fsyncAlways()}). */
    public Builder appendOnly() {
      this.appendOnly = true;
      return this;
    }

    /** {@code --appendonly yes --appendfsync always}: every write is on disk before Redis answers. */
    public Builder fsyncAlways() {
      this.appendOnly = true;
      this.fsyncAlways = true;
      return this;
    }

    public RedisProcess start() {
      try {
        var redis = new RedisProcess(appendOnly, fsyncAlways);
        redis.launch();
        return redis;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dir() {
    return dir;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Shuts Redis down gracefully (SHUTDOWN, which flushes the append-only file), or with SIGTERM if it won't. */
  public void stop() {
    if (!isRunning()) {
      return;
    }
    try (var socket = connect()) {
      socket.getOutputStream().write("SHUTDOWN\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // not answering: TERM below
    }
    if (!waitFor(Duration.ofSeconds(10))) {
      process.destroy();
      waitFor(Duration.ofSeconds(10));
    }
    forget();
  }

  /** SIGKILL: Redis gets no chance to flush anything it has not yet written. */
  public void kill() {
    if (!isRunning()) {
      return;
    }
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
    forget();
  }

  /** Starts Redis again on the same port and directory (stopping it gracefully first if it still runs). */
  public void restart() {
    stop();
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops Redis and deletes its directory. */
  @Override
  public void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }

  private void launch() throws IOException {
    var binary = findBinary();
    var log = dir.resolve("redis.log");
    var command = new ArrayList<>(List.of(binary.toString(),
        "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
        "--logfile", log.toString(), "--daemonize", "no", "--save", "",
        "--appendonly", appendOnly ? "yes" : "no",
        "--appendfsync", fsyncAlways ? "always" : "everysec"));
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile())).start();
    var started = process;
    reaper = new Thread(started::destroyForcibly, "redis-reaper-" + port);
    Runtime.getRuntime().addShutdownHook(reaper);
    var deadline = System.nanoTime() + STARTUP.toNanos();
    while (!pings()) {
      if (!started.isAlive() || System.nanoTime() > deadline) {
        started.destroyForcibly();
        forget();
        throw new IllegalStateException("redis-server did not start on port " + port + " (" + dir + "):\n"
            + read(log) + read(dir.resolve("redis.out")));
      }
      // polling a process we just started: there is no event to wait for
      try {
        started.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
  }

  private boolean pings() {
    try (var socket = connect()) {
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      return "+PONG".equals(reader.readLine());
    } catch (IOException e) {
      return false;
    }
  }

  private Socket connect() throws IOException {
    var socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    socket.setSoTimeout(2000);
    return socket;
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void forget() {
    if (reaper != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      reaper = null;
    }
  }

  private static Path findBinary() {
    var path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin:/usr/sbin";
    for (var entry : path.split(":")) {
      if (!entry.isEmpty()) {
        var candidate = Path.of(entry, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException(NOT_INSTALLED);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
