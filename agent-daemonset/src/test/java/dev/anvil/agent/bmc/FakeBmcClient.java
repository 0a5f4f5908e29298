package dev.anvil.agent.bmc;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A BMC in memory: serves a settable snapshot (or failure), records actions, and turns power as a BMC would. */
public final class FakeBmcClient implements BmcClient {

  public final BmcEndpoint endpoint;
  public final List<ResetAction> resets = new CopyOnWriteArrayList<>();
  public final List<BootSettings> boots = new CopyOnWriteArrayList<>();
  public final AtomicInteger reads = new AtomicInteger();
  public volatile PowerStatus power = PowerStatus.On;
  public volatile double inletCelsius = 21.5;
  public volatile BmcSnapshot.Health inletStatus = BmcSnapshot.Health.OK;
  public volatile BmcException readFailure;
  public volatile BmcException actionFailure;
  public volatile Runnable duringRead = () -> { };
  public volatile boolean closed;

  public FakeBmcClient(BmcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public BmcSnapshot read() throws BmcException {
    reads.incrementAndGet();
    duringRead.run();
    if (readFailure != null) {
      throw readFailure;
    }
    return new BmcSnapshot(power, BmcSnapshot.Health.OK, new BootSettings(BootSettings.Target.None,
        BootSettings.Persistence.Disabled, null), supportedActions(),
        new BmcSnapshot.Inventory("Dell Inc.", "PowerEdge R640", "CN7016", null, "2.19.1", "6.10.30.00", 2, 384),
        List.of(new BmcSnapshot.Sensor("Inlet Temp", "Temperature", inletCelsius, "Cel", inletStatus, 3.0, 42.0,
            47.0)),
        new BmcSnapshot.EventLog(1, List.of(new BmcSnapshot.LogEntry("1", "2026-01-02T03:04:05Z",
            BmcSnapshot.Health.OK, "Log cleared"))));
  }

  @Override
  public PowerStatus power() {
    return power;
  }

  @Override
  public Set<ResetAction> supportedActions() {
    return Set.of(ResetAction.On, ResetAction.ForceOff, ResetAction.GracefulShutdown, ResetAction.ForceRestart);
  }

  @Override
  public void reset(ResetAction action) throws BmcException {
    if (actionFailure != null) {
      throw actionFailure;
    }
    resets.add(action);
    power = switch (action) {
      case ForceOff, GracefulShutdown -> PowerStatus.Off;
      case On, ForceOn -> PowerStatus.On;
      default -> power;
    };
  }

  @Override
  public void setBootOverride(BootSettings boot) throws BmcException {
    if (actionFailure != null) {
      throw actionFailure;
    }
    boots.add(boot);
  }

  @Override
  public void close() {
    closed = true;
  }
}
