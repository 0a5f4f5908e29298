package dev.anvil.agent.hub;

import dev.anvil.protocol.agent.v1.ConsoleEvent;

/** The hub stream as the consoles see it: console frames go out only while the transport takes more. */
public interface ConsoleLink {

  /** Whether the transport takes a message now without buffering beyond gRPC's flow-control window. */
  boolean isReady();

  /** Sends one frame; never blocks (gRPC queues it), so callers check {@link #isReady()} first. */
  void send(ConsoleEvent event);
}
