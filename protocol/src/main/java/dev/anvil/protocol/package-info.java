/**
 * What both ends of the agent protocol share besides the generated messages: the protocol version,
 * the authorization header, attempt ids and feature names. No behaviour of either side lives here.
 */
package dev.anvil.protocol;
