package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.ipmi.SolSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Serial lines without a BMC: records what was typed, emits host output and ends when told. */
final class FakeSerialLines implements SerialLine.Opener {

  /** One opened line. */
  static final class Line implements SerialLine {
    final BmcEndpoint endpoint;
    final SolSession.Listener listener;
    private final ByteArrayOutputStream typed = new ByteArrayOutputStream();
    volatile boolean closed;

    Line(BmcEndpoint endpoint, SolSession.Listener listener) {
      this.endpoint = endpoint;
      this.listener = listener;
    }

    @Override
    public synchronized void write(byte[] bytes) {
      typed.writeBytes(bytes);
    }

    @Override
    public void close() {
      closed = true;
      listener.closed(null);
    }

    synchronized String typed() {
      return typed.toString(StandardCharsets.ISO_8859_1);
    }

    /** The host writes. */
    void hostWrites(String text) {
      listener.output(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The BMC ends the session. */
    void bmcEnds(BmcException cause) {
      closed = true;
      listener.closed(cause);
    }
  }

  final List<Line> opened = new CopyOnWriteArrayList<>();
  volatile BmcException refusal;

  @Override
  public SerialLine open(BmcEndpoint endpoint, SolSession.Listener listener) throws BmcException {
    if (refusal != null) {
      throw refusal;
    }
    var line = new Line(endpoint, listener);
    opened.add(line);
    return line;
  }

  Line last() {
    return opened.get(opened.size() - 1);
  }
}
