package dev.anvil.agent.bmc;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.agent.spool.MemoryReportSpool;
import dev.anvil.agent.spool.ReportOutbox;
import dev.anvil.protocol.agent.v1.BmcAction;
import dev.anvil.protocol.agent.v1.BmcActionResult;
import dev.anvil.protocol.agent.v1.BmcBootOverride;
import dev.anvil.protocol.agent.v1.BmcCredentials;
import dev.anvil.protocol.agent.v1.BmcHostRef;
import dev.anvil.protocol.agent.v1.BmcObservation;
import dev.anvil.protocol.agent.v1.BmcTlsSettings;
import dev.anvil.protocol.agent.v1.Command;
import dev.anvil.protocol.agent.v1.ReleaseBmcHost;
import dev.anvil.protocol.agent.v1.Report;
import dev.anvil.protocol.agent.v1.ServeBmcHost;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A BmcService on fake BMCs, run by the test: tasks run on the calling thread, polls when the test fires the timer,
 * time moves when the test says; what the service spools is read back as reports.
 */
final class BmcRig implements AutoCloseable {

  static final String PASSWORD = "Bmc-pw-5f1e";

  final FakeBmcClients clients = new FakeBmcClients();
  final ManualTimer timer = new ManualTimer();
  final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  final MemoryReportSpool spool = new MemoryReportSpool(1, 1 << 24, 10_000);
  final BmcService service;

  BmcRig() {
    this(Runnable::run, null);
  }

  BmcRig(Executor pool, BmcClientFactory factory) {
    service = new BmcService(factory == null ? clients : factory, new ReportOutbox(spool), pool, timer, clock,
        () -> 0.5, null, PollListener.NONE);
  }

  static Command serve(String uid, String version) {
    return Command.newBuilder().setServeBmcHost(ServeBmcHost.newBuilder()
        .setHost(BmcHostRef.newBuilder().setNamespace("lab").setName("host-" + uid).setUid(uid))
        .setConfigVersion(version)
        .setAddress("redfish+https://10.1.2.17/redfish/v1/Systems/1")
        .setCredentials(BmcCredentials.newBuilder().setSecretRef("lab/bmc").setUsername("root")
            .setPassword(PASSWORD + version))
        .setTls(BmcTlsSettings.newBuilder().setCaBundlePem("PEM").setInsecureSkipVerify(false))
        .setPollInterval(Duration.newBuilder().setSeconds(30))).build();
  }

  static Command release(String uid) {
    return Command.newBuilder().setReleaseBmcHost(ReleaseBmcHost.newBuilder().setHostUid(uid).setReason("Moved"))
        .build();
  }

  static Command power(String uid, String actionId, String resetType) {
    return Command.newBuilder().setBmcAction(BmcAction.newBuilder().setHostUid(uid).setActionId(actionId)
        .setPower(resetType)).build();
  }

  static Command boot(String uid, String actionId, String target, String enabled, String mode) {
    return Command.newBuilder().setBmcAction(BmcAction.newBuilder().setHostUid(uid).setActionId(actionId)
        .setBootOverride(BmcBootOverride.newBuilder().setTarget(target).setEnabled(enabled).setMode(mode))).build();
  }

  /** Everything spooled so far, in order. */
  List<Report> reports() {
    return spool.after(0, Integer.MAX_VALUE).stream().map(r -> {
      try {
        return Report.parseFrom(r.payload());
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }).toList();
  }

  List<BmcObservation> observations() {
    return reports().stream().filter(Report::hasBmcObservation).map(Report::getBmcObservation).toList();
  }

  List<BmcActionResult> results() {
    return reports().stream().filter(Report::hasBmcActionResult).map(Report::getBmcActionResult).toList();
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      now = start;
    }

    void advance(java.time.Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Override
  public void close() {
    service.close();
    spool.close();
  }
}
