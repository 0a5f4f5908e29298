package dev.anvil.sim.redfish;

import java.util.function.UnaryOperator;

/**
 * One HTTP request to the simulated BMC, whatever server received it.
 *
 * @param path the decoded path, normalised by {@link MockupTree#normalize}
 * @param rawQuery the query string as sent, or null
 * @param headers a request header's first value by name (case-insensitive), or null
 */
record SimRequest(String method, String path, String rawQuery, UnaryOperator<String> headers, byte[] body) {

  String header(String name) {
    return headers.apply(name);
  }
}
