package dev.anvil.apiserver.console;

import dev.anvil.protocol.agent.v1.ConsoleKind;

/**
 * What one console WebSocket opens, settled at its handshake.
 *
 * @param user     who opens it (for the agent's log and the other viewers' notices)
 * @param write    serial: wants to type
 * @param takeOver serial: takes the writer role at once
 */
record ConsoleTarget(String namespace, String host, String hostUid, String agent, ConsoleKind kind, String user,
    boolean write, boolean takeOver) {

  /** The handshake attribute it travels in to the socket handler. */
  static final String ATTRIBUTE = ConsoleTarget.class.getName();

  String describe() {
    return "bmchosts/" + host + " in " + namespace + " (" + (kind == ConsoleKind.VNC ? "vnc" : "console") + ")";
  }
}
