package dev.anvil.agent.bmc.redfish;

import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcProtocol;
import java.net.URI;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * A BmcHost's Redfish address taken apart: where the service is ({@code https} unless the scheme says
 * {@code redfish+http}) and which ComputerSystem the path names, if any. Userinfo in the address is ignored, so
 * nothing built from it can show a credential.
 *
 * @param origin scheme, host and port, with path {@code /}
 * @param systemPath the ComputerSystem's path ({@code /redfish/v1/Systems/1}), or null when the address names none
 */
record RedfishAddress(HttpUrl origin, String systemPath) {

  static final String SERVICE_ROOT = "/redfish/v1/";

  /** Parses {@code redfish://}, {@code redfish+https://} or {@code redfish+http://} addresses. */
  static RedfishAddress of(URI address) {
    if (BmcProtocol.of(address) != BmcProtocol.Redfish) {
      throw new IllegalArgumentException("not a Redfish address: " + address.getScheme() + "://...");
    }
    if (address.getHost() == null) {
      throw new IllegalArgumentException("a Redfish address needs a host: " + address.getScheme() + "://...");
    }
    var plain = address.getScheme().toLowerCase(Locale.ROOT).equals("redfish+http");
    var origin = new HttpUrl.Builder().scheme(plain ? "http" : "https").host(address.getHost())
        .port(address.getPort() > 0 ? address.getPort() : plain ? 80 : 443).build();
    var path = address.getPath() == null ? "" : address.getPath().replaceAll("/+$", "");
    var namesSystem = !path.isEmpty() && !path.equals("/redfish/v1") && !path.equals("/redfish");
    return new RedfishAddress(origin, namesSystem ? path : null);
  }

  /**
   * The URL of a path the BMC gave, always on the BMC: of an absolute or scheme-relative URL (a {@code Location}
   * header, a link) only the path and query are kept, so the session token or the password never travel to another
   * host. {@link Kind#PROTOCOL} when the BMC gave something that is not an HTTP path at all.
   */
  HttpUrl resolve(String path) throws BmcException {
    var url = origin.resolve(path);
    if (url == null) {
      // the link is the BMC's, not a secret, but may still carry userinfo; it is named without it
      var shown = path.replaceAll("//[^/@]*@", "//");
      throw new BmcException(Kind.PROTOCOL, "Redfish " + display() + ": the BMC gave \""
          + (shown.length() > 100 ? shown.substring(0, 100) + "..." : shown) + "\" where a path on it belongs");
    }
    return origin.newBuilder().encodedPath(url.encodedPath()).encodedQuery(url.encodedQuery()).build();
  }

  /** {@code host:port}, how messages name the BMC. */
  String display() {
    return origin.host() + ":" + origin.port();
  }
}
