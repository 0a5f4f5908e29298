package dev.anvil.sim.redfish;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** How a {@link RedfishSimulator} behaves: its account, session support, protocols and certificate names. */
public final class RedfishSimulatorBuilder {

  private final Mockup mockup;
  private String username = "admin";
  private String password = "anvil-simulated-bmc";
  private SessionSupport sessionSupport = SessionSupport.ENABLED;
  private Duration sessionTimeout;
  private boolean plainHttp;
  private boolean topSkipQuery;
  private List<String> certificateNames = List.of("localhost", "127.0.0.1");

  RedfishSimulatorBuilder(Mockup mockup) {
    this.mockup = Objects.requireNonNull(mockup, "mockup");
  }

  /** The one account the BMC accepts (default {@code admin} / {@code anvil-simulated-bmc}). */
  public RedfishSimulatorBuilder credentials(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
    return this;
  }

  public RedfishSimulatorBuilder sessions(SessionSupport support) {
    this.sessionSupport = Objects.requireNonNull(support, "support");
    return this;
  }

  /** Idle timeout of sessions; by default the mockup's {@code SessionService.SessionTimeout}. */
  public RedfishSimulatorBuilder sessionTimeout(Duration timeout) {
    this.sessionTimeout = timeout;
    return this;
  }

  /** Also serve plain HTTP on a second port. */
  public RedfishSimulatorBuilder plainHttp(boolean enabled) {
    this.plainHttp = enabled;
    return this;
  }

  /** Implement and advertise {@code $top}/{@code $skip} ({@code TopSkipQuery}); off by default, as in the mockups. */
  public RedfishSimulatorBuilder topSkipQuery(boolean enabled) {
    this.topSkipQuery = enabled;
    return this;
  }

  /** The DNS names and IP addresses the server certificate is issued for; the first is its CN. */
  public RedfishSimulatorBuilder certificateNames(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    this.certificateNames = List.of(names);
    return this;
  }

  /** Starts the simulator on free loopback ports. */
  public RedfishSimulator start() {
    return new RedfishSimulator(this);
  }

  Mockup mockup() {
    return mockup;
  }

  String username() {
    return username;
  }

  String password() {
    return password;
  }

  SessionSupport sessionSupport() {
    return sessionSupport;
  }

  Duration sessionTimeout() {
    return sessionTimeout;
  }

  boolean plainHttp() {
    return plainHttp;
  }

  boolean topSkipQuery() {
    return topSkipQuery;
  }

  List<String> certificateNames() {
    return certificateNames;
  }
}
