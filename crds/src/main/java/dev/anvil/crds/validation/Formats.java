package dev.anvil.crds.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The OpenAPI {@code format} values kube-apiserver checks that are cheap to check; unknown formats pass, as they do
 * in kube-apiserver.
 */
final class Formats {

  private static final Pattern UUID =
      Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
  private static final Pattern IPV4 =
      Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$");
  private static final Pattern HOSTNAME =
      Pattern.compile("^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\\.?$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
  private static final Pattern MAC = Pattern.compile("^([0-9A-Fa-f]{2}[:-]){5}([0-9A-Fa-f]{2})$");
  private static final Pattern DURATION =
      Pattern.compile("^[-+]?([0-9]+(\\.[0-9]*)?\\s*(ns|us|µs|ms|s|m|h|d|w|[a-z]+))+$");

  private Formats() {
  }

  /** True when {@code value} (already known to be of the schema's type) satisfies {@code format}. */
  static boolean valid(String format, JsonNode value) {
    if (value.isNumber()) {
      return switch (format) {
        case "int32" -> value.canConvertToInt();
        case "int64" -> value.canConvertToLong();
        default -> true;
      };
    }
    if (!value.isTextual()) {
      return true;
    }
    var text = value.asText();
    return switch (format) {
      case "byte" -> base64(text);
      case "date" -> parses(() -> LocalDate.parse(text));
      case "date-time", "datetime" -> parses(() -> OffsetDateTime.parse(text));
      case "uuid", "uuid3", "uuid4", "uuid5" -> UUID.matcher(text).matches();
      case "ipv4" -> IPV4.matcher(text).matches();
      case "ipv6" -> ipv6(text);
      case "cidr" -> cidr(text);
      case "hostname" -> HOSTNAME.matcher(text).matches();
      case "email" -> EMAIL.matcher(text).matches();
      case "mac" -> MAC.matcher(text).matches();
      case "uri" -> uri(text);
      case "duration" -> DURATION.matcher(text).matches();
      default -> true;
    };
  }

  private static boolean base64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean ipv6(String text) {
    if (!IPV6.matcher(text).matches()) {
      return false;
    }
    try {
      // a literal containing ':' is parsed, never resolved
      return java.net.InetAddress.getByName("[" + text + "]") instanceof java.net.Inet6Address
          || text.contains(".");
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static boolean cidr(String text) {
    var slash = text.indexOf('/');
    if (slash < 0) {
      return false;
    }
    var ip = text.substring(0, slash);
    int bits;
    try {
      bits = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (IPV4.matcher(ip).matches()) {
      return bits >= 0 && bits <= 32;
    }
    return ipv6(ip) && bits >= 0 && bits <= 128;
  }

  private static boolean uri(String text) {
    try {
      return new URI(text).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
