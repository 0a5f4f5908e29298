package dev.anvil.agent.hub;

import dev.anvil.protocol.agent.v1.ConsoleRequest;

/**
 * Where the hub stream hands its console frames, called on gRPC's threads, so no method may block: a console opened
 * on one stream lives and dies with it (a console is not resumed; the viewer reconnects).
 */
public interface ConsoleHandler {

  /** A handler for agents without consoles: requests are ignored. */
  ConsoleHandler NONE = new ConsoleHandler() {
    @Override
    public void attach(ConsoleLink link) {
    }

    @Override
    public void request(ConsoleRequest request) {
    }

    @Override
    public void ready() {
    }

    @Override
    public void detach(ConsoleLink link) {
    }
  };

  /** The hub welcomed a new stream; console events go to {@code link} from now on. */
  void attach(ConsoleLink link);

  /** A console frame from the hub. */
  void request(ConsoleRequest request);

  /** The transport became ready for more after it was not. */
  void ready();

  /** The stream behind {@code link} ended: every console stream opened on it ends too. */
  void detach(ConsoleLink link);
}
