package dev.anvil.agent.bmc.ipmi;

import dev.anvil.agent.bmc.BmcClient;
import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcProtocol;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot;
import dev.anvil.agent.bmc.BmcSnapshot.Health;
import dev.anvil.agent.bmc.BmcSnapshot.Inventory;
import dev.anvil.agent.bmc.BmcSnapshot.Sensor;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link BmcClient} over IPMI 2.0 RMCP+ for {@code ipmi://host[:port]} addresses. */
public final class IpmiClient implements BmcClient {

  private static final int DEFAULT_PORT = 623;
  private static final long CACHE_MINUTES = 10;
  /** As many newest entries as the BmcHost status keeps. */
  private static final int LATEST_EVENTS = 5;
  /** BMCs expire idle sessions after about a minute; a keep-alive after 20 s idle stays well inside. */
  private static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(20);

  /** The SDR-derived sensor list and when it was read. */
  private record Catalog(SdrRepository.Stamp stamp, long readAtNanos, List<SensorReader.Described> sensors,
      Map<Integer, String> names) {
  }

  private record CachedInventory(Inventory inventory, long readAtNanos) {
  }

  private final IpmiSession session;
  private final ScheduledFuture<?> keepAlive;
  private Catalog catalog;
  private CachedInventory inventory;

  private IpmiClient(IpmiSession session, ScheduledExecutorService scheduler) {
    this.session = session;
    this.keepAlive = scheduler == null ? null : scheduler.scheduleWithFixedDelay(
        () -> session.keepAlive(KEEP_ALIVE_IDLE), KEEP_ALIVE_IDLE.toSeconds(), KEEP_ALIVE_IDLE.toSeconds() / 2,
        TimeUnit.SECONDS);
  }

  /** Logs in without keep-alive: an expired session is re-opened on the next call. */
  public static IpmiClient connect(BmcEndpoint endpoint) throws BmcException {
    return connect(endpoint, null);
  }

  /** Logs in; the scheduler (shared by the agent's clients) sends keep-alives while the session is idle. */
  public static IpmiClient connect(BmcEndpoint endpoint, ScheduledExecutorService keepAliveScheduler)
      throws BmcException {
    return new IpmiClient(login(endpoint), keepAliveScheduler);
  }

  /** A new logged-in session to the endpoint's BMC, on a socket of its own. */
  static IpmiSession login(BmcEndpoint endpoint) throws BmcException {
    if (endpoint.protocol() != BmcProtocol.IPMI) {
      throw new IllegalArgumentException("not an ipmi:// address: " + endpoint.address().getScheme() + "://...");
    }
    var suite = CipherSuite.of(endpoint.cipherSuite());
    var host = endpoint.address().getHost();
    if (host == null) {
      throw new BmcException(Kind.UNREACHABLE, "the IPMI address names no host (expected ipmi://host[:port])");
    }
    int port = endpoint.address().getPort() < 0 ? DEFAULT_PORT : endpoint.address().getPort();
    var link = new UdpLink(new InetSocketAddress(host, port), endpoint.timeout());
    try {
      return new IpmiSession(link, suite, endpoint.username(), endpoint.password(), endpoint.administrator());
    } catch (BmcException | RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /**
   * Power state, boot flags, sensor readings and the event log are read every time; the sensor list with thresholds
   * and the inventory are cached until the SDR repository changes or {@value #CACHE_MINUTES} minutes pass.
   */
  @Override
  public BmcSnapshot read() throws BmcException {
    var power = power();
    var boot = unlessUnsupported(() -> BootOptions.read(session));
    var catalog = catalog();
    var sensors = new ArrayList<Sensor>();
    for (var sensor : catalog.sensors()) {
      sensors.add(SensorReader.read(session, sensor));
    }
    var eventLog = unlessUnsupported(() -> SelReader.read(session, LATEST_EVENTS,
        number -> catalog.names().get(number)));
    return new BmcSnapshot(power, rollup(sensors), boot, supportedActions(), inventory(), sensors, eventLog);
  }

  @Override
  public PowerStatus power() throws BmcException {
    return ChassisPower.read(session);
  }

  @Override
  public Set<ResetAction> supportedActions() {
    return ChassisPower.SUPPORTED;
  }

  @Override
  public void reset(ResetAction action) throws BmcException {
    ChassisPower.control(session, action);
  }

  @Override
  public void setBootOverride(BootSettings boot) throws BmcException {
    BootOptions.write(session, boot);
  }

  @Override
  public void close() {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    session.close();
  }

  /** Critical when any sensor is, else Warning when any is, else OK. */
  static Health rollup(List<Sensor> sensors) {
    var health = Health.OK;
    for (var sensor : sensors) {
      if (sensor.status() != null && sensor.status().compareTo(health) > 0) {
        health = sensor.status();
      }
    }
    return health;
  }

  /** The sensor list, read again when the repository's stamp changed or the cache is old. */
  private synchronized Catalog catalog() throws BmcException {
    var stamp = SdrRepository.stamp(session);
    if (catalog != null && catalog.stamp().equals(stamp) && !expired(catalog.readAtNanos())) {
      return catalog;
    }
    var sensors = SensorReader.describe(session, SdrRepository.readAll(session));
    var names = new HashMap<Integer, String>();
    sensors.forEach(sensor -> names.putIfAbsent(sensor.record().sensorNumber(), sensor.record().name()));
    catalog = new Catalog(stamp, System.nanoTime(), sensors, Map.copyOf(names));
    return catalog;
  }

  /** FRU board/product fields and the BMC firmware revision, read again when the cache is old. */
  private synchronized Inventory inventory() throws BmcException {
    if (inventory != null && !expired(inventory.readAtNanos())) {
      return inventory.inventory();
    }
    var device = DeviceId.read(session);
    var fru = unlessUnsupported(() -> FruReader.read(session));
    var value = fru == null ? new Inventory(null, null, null, null, null, device.firmwareRevision(), null, null)
        : new Inventory(first(fru.productManufacturer(), fru.boardManufacturer()),
            first(fru.productName(), fru.boardProduct()), first(fru.productSerial(), fru.boardSerial()), null, null,
            device.firmwareRevision(), null, null);
    inventory = new CachedInventory(value, System.nanoTime());
    return value;
  }

  private static boolean expired(long readAtNanos) {
    return System.nanoTime() - readAtNanos > TimeUnit.MINUTES.toNanos(CACHE_MINUTES);
  }

  private static String first(String preferred, String fallback) {
    return preferred != null ? preferred : fallback;
  }

  /** A part of the snapshot the BMC may not implement: null when it answers UNSUPPORTED. */
  private static <T> T unlessUnsupported(Read<T> read) throws BmcException {
    try {
      return read.get();
    } catch (BmcException e) {
      if (e.kind() == Kind.UNSUPPORTED) {
        return null;
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface Read<T> {
    T get() throws BmcException;
  }
}
