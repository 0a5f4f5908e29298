/**
 * A VNC server for tests: {@link dev.anvil.sim.vnc.VncTestServer} speaks RFB 3.8 (security type None) on loopback,
 * over TCP or over WebSocket, and records what its clients sent.
 */
package dev.anvil.sim.vnc;
