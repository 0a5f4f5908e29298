/**
 * The node agent's console relay: viewers' console streams, arriving as ConsoleRequests on the hub stream, relayed to
 * the serial console (IPMI Serial over LAN, one session per host shared by its viewers, one writer at a time) and the
 * VNC endpoint (one connection per viewer, bytes unchanged) of the BmcHosts the agent serves.
 */
package dev.anvil.agent.console;
