package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.agent.bmc.BmcClient;
import dev.anvil.agent.bmc.BmcEndpoint;
import dev.anvil.agent.bmc.BmcException;
import dev.anvil.agent.bmc.BmcException.Kind;
import dev.anvil.agent.bmc.BmcSnapshot;
import dev.anvil.agent.bmc.BootSettings;
import dev.anvil.agent.bmc.PowerStatus;
import dev.anvil.agent.bmc.ResetAction;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link BmcClient} for Redfish BMCs. Creating one does no I/O; the first call reads the service root, logs in and
 * finds the ComputerSystem (the one the address names, else the BMC's only one), and later calls reuse that.
 */
public final class RedfishClient implements BmcClient {

  /** What the first successful call learnt about the service. */
  private record Discovery(ServiceRoot root, String systemPath) {
  }

  private final RedfishAddress address;
  private final RedfishService service;
  private final RedfishSession session;
  private volatile Discovery discovery;

  private RedfishClient(RedfishAddress address, RedfishService service, RedfishSession session) {
    this.address = address;
    this.service = service;
    this.session = session;
  }

  /**
   * A client for the endpoint; {@link Kind#TLS} when its CA bundle is unusable.
   *
   * @throws IllegalArgumentException when the address is not a Redfish address
   */
  public static RedfishClient create(BmcEndpoint endpoint) throws BmcException {
    Objects.requireNonNull(endpoint, "endpoint");
    var address = RedfishAddress.of(endpoint.address());
    var http = RedfishHttp.create(endpoint, address);
    var session = new RedfishSession(http, endpoint.username(), endpoint.password());
    return new RedfishClient(address, new RedfishService(http, session), session);
  }

  private Discovery discovery() throws BmcException {
    var known = discovery;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (discovery == null) {
        var root = ServiceRoot.parse(service.root());
        session.sessionsPath(root.sessions());
        discovery = new Discovery(root, address.systemPath() != null ? address.systemPath() : onlySystem(root));
      }
      return discovery;
    }
  }

  private String onlySystem(ServiceRoot root) throws BmcException {
    if (root.systems() == null) {
      throw new BmcException(Kind.UNSUPPORTED, "Redfish " + address.display() + ": the service root links no Systems");
    }
    return SystemChoice.onlySystem(address.display(), service.get(root.systems()));
  }

  private SystemResource system() throws BmcException {
    var path = discovery().systemPath();
    return new SystemResource(path, service.get(path));
  }

  @Override
  public BmcSnapshot read() throws BmcException {
    var root = discovery().root();
    var system = system();
    var manager = manager(system, root);
    return new BmcSnapshot(system.power(), system.health(), system.boot(), PowerActions.supported(system, service),
        InventoryReader.read(system, manager, service), SensorReader.read(chassis(system, root), root, service),
        EventLogReader.read(system, manager, root, service));
  }

  /** The system's first {@code ManagedBy}, else the BMC's only Manager; null when neither is readable. */
  private JsonNode manager(SystemResource system, ServiceRoot root) throws BmcException {
    var managers = system.managers();
    if (managers.isEmpty()) {
      managers = onlyMember(root.managers());
    }
    return managers.isEmpty() ? null : service.optional(managers.get(0)).orElse(null);
  }

  /** The system's {@code Links.Chassis}, else the BMC's only Chassis. */
  private List<String> chassis(SystemResource system, ServiceRoot root) throws BmcException {
    var chassis = system.chassis();
    return chassis.isEmpty() ? onlyMember(root.chassis()) : chassis;
  }

  private List<String> onlyMember(String collectionPath) throws BmcException {
    var members = service.optional(collectionPath).map(c -> RedfishJson.links(c, "Members")).orElse(List.of());
    return members.size() == 1 ? members : List.of();
  }

  @Override
  public PowerStatus power() throws BmcException {
    return system().power();
  }

  @Override
  public Set<ResetAction> supportedActions() throws BmcException {
    return PowerActions.supported(system(), service);
  }

  @Override
  public void reset(ResetAction action) throws BmcException {
    PowerActions.reset(system(), Objects.requireNonNull(action, "action"), service);
  }

  @Override
  public void setBootOverride(BootSettings boot) throws BmcException {
    BootOverride.apply(discovery().systemPath(), Objects.requireNonNull(boot, "boot"), service);
  }

  @Override
  public void close() {
    service.close();
  }

  @Override
  public String toString() {
    return "RedfishClient[" + address.display() + "]";
  }
}
