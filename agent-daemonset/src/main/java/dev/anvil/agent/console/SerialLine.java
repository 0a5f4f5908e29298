package dev.anvil.agent.console;

import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.ipmi.SolSession;

/** A host's serial line as the console relay uses it: an IPMI Serial over LAN session, or a fake in unit tests. */
interface SerialLine {

  /** Types bytes on the host's console; may block while the BMC's input buffer is full. */
  void write(byte[] bytes) throws BmcException, InterruptedException;

  /** Ends the line; the listener's {@code closed(null)} follows. */
  void close();

  /** Opens lines. */
  interface Opener {
    /** Opens the line at {@code endpoint}; its output and its end go to {@code listener}. */
    SerialLine open(BmcEndpoint endpoint, SolSession.Listener listener) throws BmcException;
  }

  /** Lines that are IPMI Serial over LAN sessions with these options. */
  static Opener sol(SolSession.Options options) {
    return (endpoint, listener) -> {
      var session = SolSession.open(endpoint, options, listener);
      return new SerialLine() {
        @Override
        public void write(byte[] bytes) throws BmcException, InterruptedException {
          session.write(bytes);
        }

        @Override
        public void close() {
          session.close();
        }
      };
    };
  }
}
