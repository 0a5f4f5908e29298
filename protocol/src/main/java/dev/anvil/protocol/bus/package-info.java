/**
 * How agent commands and reports are laid out on the central Redis bus (key names, entry fields, the command
 * append script), shared by the hub and the operator; the Redis calls themselves live with each side.
 */
package dev.anvil.protocol.bus;
