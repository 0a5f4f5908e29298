package dev.anvil.e2e.platform;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line options of {@link LocalPlatform}.
 *
 * @param apiPort port of the embedded API; null tries 6443 and falls back to a free port
 * @param httpPort port of the operator's /metrics and health endpoints; null tries 8080 and falls back to a free port
 * @param examples directory whose YAML files are applied to the embedded API
 * @param kubeletStandIn whether to simulate a kubelet so Pod Jobs run
 * @param exitWhenDone exit once every example Job is Succeeded, Failed or Suspended
 * @param timeout how long {@code --exit-when-done} waits
 * @param embedded use the embedded API even when a kubeconfig is configured
 */
public record PlatformOptions(Integer apiPort, Integer httpPort, Path examples, boolean kubeletStandIn,
    boolean exitWhenDone, Duration timeout, boolean embedded) {

  public static final String USAGE = """
      usage: bin/run [--kubelet-stand-in] [--exit-when-done] [--timeout 120s] [--examples DIR]
                     [--port P] [--http-port P] [--embedded]
        --kubelet-stand-in  simulate a kubelet so Pod Jobs run (embedded API only)
        --exit-when-done    exit 0 once every example Job is Succeeded, Failed or Suspended; non-zero on timeout
        --timeout D         how long --exit-when-done waits, e.g. 90s or 2m (default 120s)
        --examples DIR      YAML applied to the embedded API (default ./examples)
        --port P            port of the embedded API (default 6443, or a free one if taken)
        --http-port P       port of the operator's /metrics and health endpoints (default 8080, or a free one)
        --embedded          use the embedded API even if a kubeconfig is configured""";

  public static PlatformOptions defaults() {
    return new PlatformOptions(null, null, Path.of("examples"), false, false, Duration.ofSeconds(120), false);
  }

  /** Parses {@code args}; a bad argument throws {@link IllegalArgumentException} with a message for the user. */
  public static PlatformOptions parse(String... args) {
    var o = defaults();
    for (int i = 0; i < args.length; i++) {
      var arg = args[i];
      switch (arg) {
        case "--kubelet-stand-in" -> o = new PlatformOptions(o.apiPort, o.httpPort, o.examples, true, o.exitWhenDone,
            o.timeout, o.embedded);
        case "--exit-when-done" -> o = new PlatformOptions(o.apiPort, o.httpPort, o.examples, o.kubeletStandIn, true,
            o.timeout, o.embedded);
        case "--embedded" -> o = new PlatformOptions(o.apiPort, o.httpPort, o.examples, o.kubeletStandIn,
            o.exitWhenDone, o.timeout, true);
        case "--timeout" -> o = new PlatformOptions(o.apiPort, o.httpPort, o.examples, o.kubeletStandIn,
            o.exitWhenDone, duration(value(args, ++i, arg)), o.embedded);
        case "--examples" -> o = new PlatformOptions(o.apiPort, o.httpPort, Path.of(value(args, ++i, arg)),
            o.kubeletStandIn, o.exitWhenDone, o.timeout, o.embedded);
        case "--port" -> o = new PlatformOptions(port(value(args, ++i, arg), arg), o.httpPort, o.examples,
            o.kubeletStandIn, o.exitWhenDone, o.timeout, o.embedded);
        case "--http-port" -> o = new PlatformOptions(o.apiPort, port(value(args, ++i, arg), arg), o.examples,
            o.kubeletStandIn, o.exitWhenDone, o.timeout, o.embedded);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return o;
  }

  /** Whether any option only the embedded API understands was given. */
  boolean embeddedOnlyOptionsGiven() {
    return kubeletStandIn || exitWhenDone || apiPort != null;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static Integer port(String value, String flag) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a port number 0-65535, was '" + value + "'");
    }
  }

  /** {@code 120s}, {@code 2m}, {@code 500ms} or a number of seconds. */
  static Duration duration(String value) {
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--timeout must look like 120s, 2m or 500ms, was '" + value + "'");
    }
  }
}
