package dev.anvil.sim.ipmi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real IPMI BMC for tests and benchmarks: OpenIPMI's {@code ipmi_sim} on a free UDP port of 127.0.0.1 with the LAN
 * configuration, emulation, SDRs and chassis hook in {@code ipmi-sim/} and the FRU built by {@link FruImage}. One
 * user, {@link #USER} with {@link #PASSWORD} (Administrator). {@link #ipmitool} cross-checks it. Serial over LAN
 * reaches a fake host serial port ({@link #hostReceived()}, {@link #hostWrites(String)}) that prints a login banner and
 * answers what it receives with {@code echo:<what>}.
 */
public final class IpmiSimulator implements AutoCloseable {

  public static final String USER = "admin";
  public static final String PASSWORD = "Anv1l-S3cret";
  private static final List<byte[]> BOARD = List.of(FruImage.latin1("Anvil Labs"), FruImage.latin1("AV-1 Mainboard"),
      FruImage.bcdPlus("12345-678"), FruImage.latin1("AV1-MB"), FruImage.latin1(""));
  private static final List<byte[]> PRODUCT = List.of(FruImage.latin1("Anvil Labs"), FruImage.sixBit("ANVIL R1"),
      FruImage.latin1("AV-R1-0001"), FruImage.latin1("1.0"), FruImage.latin1("SN0042"), FruImage.latin1("rack-17"),
      FruImage.latin1(""));
  private static final String NAME = "anvilbmc";
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Path dir;
  private final int port;
  private final int consolePort;
  private final FakeHostSerial serial = new FakeHostSerial();
  /** Stops the simulator if the JVM exits without closing it. */
  private final Thread reaper = new Thread(this::stop, "ipmi-sim-reaper");
  private Process process;

  private IpmiSimulator(Path dir, int port, int consolePort) {
    this.dir = dir;
    this.port = port;
    this.consolePort = consolePort;
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Writes the simulator's files into a new temporary directory and starts it.
   *
   * @throws IllegalStateException naming what to install when {@code ipmi_sim} or {@code sdrcomp} is missing
   */
  public static IpmiSimulator start() {
    OpenIpmiTools.requireOnPath(System.getenv("PATH"), "ipmi_sim", "sdrcomp");
    IpmiSimulator sim;
    try {
      sim = new IpmiSimulator(Files.createTempDirectory("anvil-ipmi-sim-"), freeUdpPort(), freeTcpPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      sim.prepare();
      sim.launch();
      return sim;
    } catch (IOException e) {
      sim.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  /** The UDP port on 127.0.0.1 where the BMC listens (RMCP+). */
  public int port() {
    return port;
  }

  /** The ipmi_sim process's id, for CPU accounting (another one after {@link #restart()}). */
  public long pid() {
    return process.pid();
  }

  /**
   * Runs {@code ipmitool -I lanplus -C 3} as admin against the simulator (one process, one session) and returns its
   * standard output; {@code exec FILE} runs a file of commands in that one session.
   */
  public String ipmitool(String... args) {
    var command = new ArrayList<>(List.of("ipmitool", "-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p",
        Integer.toString(port), "-U", USER, "-P", PASSWORD));
    command.addAll(List.of(args));
    return OpenIpmiTools.output("ipmitool " + String.join(" ", args),
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD));
  }

  /** Everything typed into Serial over LAN that reached the host's serial port so far (ISO-8859-1). */
  public String hostReceived() {
    return serial.received();
  }

  /**
   * Makes the host write to its serial port (console output), which the BMC sends to the SOL session if one is
   * active; ipmi_sim discards it otherwise, keeping it only in its history.
   */
  public void hostWrites(String text) {
    serial.write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Whether the chassis is powered on, as the chassis hook keeps it (the state the BMC reports). */
  public boolean poweredOn() {
    try {
      var power = dir.resolve("power");
      return Files.exists(power) && Files.readString(power).strip().equals("1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chassis hook's calls so far, e.g. "set power 1", "get power". */
  public List<String> chassisLog() {
    try {
      var log = dir.resolve("chassis.log");
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many chassis hook calls so far were exactly this one. */
  public long chassisCalls(String call) {
    return chassisLog().stream().filter(call::equals).count();
  }

  /**
   * Runs a command on ipmi_sim's console while it runs, e.g. {@code sensor_set_value 0x20 0 1 0x55 0} (Inlet Temp to
   * 85 C, past its upper critical threshold); returns what the console answered.
   */
  public String console(String command) {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), consolePort)) {
      socket.setSoTimeout((int) STARTUP.toMillis());
      var in = socket.getInputStream();
      untilPrompt(in);
      socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return untilPrompt(in).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("ipmi_sim's console on port " + consolePort + " did not answer", e);
    }
  }

  /** Reads console output up to its prompt ({@code "> "}), leaving out telnet negotiation. */
  private static String untilPrompt(InputStream in) throws IOException {
    var text = new StringBuilder();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == 0xff) { // telnet IAC: a WILL/WONT/DO/DONT carries one more byte
        int verb = in.read();
        if (verb >= 0xfb && verb <= 0xfe) {
          in.read();
        }
        continue;
      }
      text.append((char) b);
      if (text.length() >= 2 && text.charAt(text.length() - 2) == '>' && text.charAt(text.length() - 1) == ' ') {
        return text.substring(0, text.length() - 2);
      }
    }
    throw new IOException("the console closed the connection");
  }

  /** Stops the simulator; every session it held is gone. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts it again on the same port and state, as a BMC coming back from a reboot. */
  public void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    serial.close();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and runs the reaper
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp dir is harmless
    }
  }

  private void prepare() throws IOException {
    var state = Files.createDirectories(dir.resolve("state/ipmi_sim/" + NAME));
    Files.writeString(dir.resolve("lan.conf"), resource("lan.conf").replace("@NAME@", NAME)
        .replace("@PORT@", Integer.toString(port)).replace("@CONSOLE_PORT@", Integer.toString(consolePort))
        .replace("@SERIAL_PORT@", Integer.toString(serial.port()))
        .replace("@DIR@", dir.toString()));
    var hook = Files.writeString(dir.resolve("chassisctl.sh"), resource("chassisctl.sh"));
    hook.toFile().setExecutable(true);
    var fru = FruImage.of(BOARD, PRODUCT);
    var fruBytes = HexFormat.ofDelimiter(" ").withPrefix("0x").formatHex(fru);
    Files.writeString(dir.resolve("bmc.emu"), resource("bmc.emu") + "mc_add_fru_data 0x20 0 " + fru.length
        + " data " + fruBytes + "\nmc_enable 0x20\n");
    Files.writeString(dir.resolve("sim.sdrs"), resource("sim.sdrs"));
    Files.writeString(dir.resolve("power"), "0\n");
    var compile = new ProcessBuilder("sdrcomp", "-o", state.resolve("sdr.20.main").toString(),
        dir.resolve("sim.sdrs").toString()).redirectErrorStream(true);
    OpenIpmiTools.output(String.join(" ", compile.command()), compile);
  }

  /** The end of ipmi_sim's own log, for failure messages. */
  private String simLog() {
    try {
      var log = Files.readString(dir.resolve("sim.log"));
      return log.length() > 2_000 ? log.substring(log.length() - 2_000) : log;
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private void launch() {
    int connectedBefore = serial.connections();
    try {
      process = new ProcessBuilder("ipmi_sim", "-c", "lan.conf", "-f", "bmc.emu", "-s", "state", "-n")
          .directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sim.log").toFile())).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ipmi_sim (" + e.getMessage() + "): " + OpenIpmiTools.INSTALL, e);
    }
    var deadline = System.nanoTime() + STARTUP.toNanos();
    while (!answersPresencePing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        stop();
        throw new IllegalStateException("ipmi_sim did not start on UDP port " + port + " in " + dir);
      }
    }
    try {
      if (!serial.awaitConnection(connectedBefore, STARTUP)) {
        stop();
        throw new IllegalStateException("ipmi_sim did not connect to the host serial port " + serial.port()
            + "; its log: " + simLog());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while ipmi_sim connected to the host serial port", e);
    }
  }

  /** An RMCP/ASF Presence Ping (DSP0136 section 3.2.4.1) answered by a Presence Pong means the BMC listens. */
  private boolean answersPresencePing() {
    var ping = new byte[] {0x06, 0x00, (byte) 0xff, 0x06, 0x00, 0x00, 0x11, (byte) 0xbe, (byte) 0x80, 0x01, 0, 0};
    try (var socket = new DatagramSocket()) {
      socket.setSoTimeout(100);
      socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
      var answer = new DatagramPacket(new byte[64], 64);
      socket.receive(answer);
      return answer.getLength() > 8 && answer.getData()[8] == 0x40;
    } catch (IOException e) {
      return false; // a timeout, or ICMP port unreachable while ipmi_sim starts
    }
  }

  private static String resource(String name) throws IOException {
    try (var in = IpmiSimulator.class.getResourceAsStream("/ipmi-sim/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource ipmi-sim/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freeTcpPort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
