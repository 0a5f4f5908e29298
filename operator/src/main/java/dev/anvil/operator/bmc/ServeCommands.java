package dev.anvil.operator.bmc;

import com.google.protobuf.Duration;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.Durations;
import dev.anvil.crds.v1alpha1.IpmiOptions;
import dev.anvil.protocol.agent.v1.BmcCredentials;
import dev.anvil.protocol.agent.v1.BmcHostRef;
import dev.anvil.protocol.agent.v1.BmcTlsSettings;
import dev.anvil.protocol.agent.v1.ServeBmcHost;

/**
 * Builds the ServeBmcHost for a BmcHost. Credentials travel on the bus only as Secret references (the hub resolves
 * them when it forwards the command). The config_version is {@code <settings fingerprint>.<credentials epoch>}: the
 * operator raises the epoch to make the hub read the Secrets again after the BMC rejected what it had.
 */
final class ServeCommands {

  /** Shortest poll interval the agent is asked for. */
  static final java.time.Duration MIN_POLL = java.time.Duration.ofSeconds(5);
  private static final java.time.Duration DEFAULT_POLL = java.time.Duration.ofSeconds(30);

  private ServeCommands() {
  }

  static ServeBmcHost of(BmcHost host, int credentialsEpoch) {
    var spec = host.getSpec();
    var meta = host.getMetadata();
    var serve = ServeBmcHost.newBuilder()
        .setHost(BmcHostRef.newBuilder().setNamespace(meta.getNamespace()).setName(meta.getName())
            .setUid(meta.getUid()))
        .setAddress(spec.getAddress())
        .setCredentials(BmcCredentials.newBuilder()
            .setSecretRef(meta.getNamespace() + "/" + spec.getCredentialsSecretRef().getName()))
        .setPollInterval(protoDuration(pollInterval(host)));
    var tls = spec.getTls();
    if (tls != null) {
      var settings = BmcTlsSettings.newBuilder().setInsecureSkipVerify(Boolean.TRUE.equals(tls.getInsecureSkipVerify()));
      if (tls.getCaSecretRef() != null) {
        var key = tls.getCaSecretRef().getKey() == null ? "ca.crt" : tls.getCaSecretRef().getKey();
        settings.setCaSecretRef(meta.getNamespace() + "/" + tls.getCaSecretRef().getName() + "/" + key);
      }
      serve.setTls(settings);
    }
    var ipmi = spec.getIpmi();
    serve.setIpmiCipherSuite(ipmi == null || ipmi.getCipherSuite() == null ? 3 : ipmi.getCipherSuite());
    serve.setIpmiAdministrator(ipmi == null || ipmi.getPrivilegeLevel() != IpmiOptions.PrivilegeLevel.Operator);
    var console = spec.getConsole();
    if (console != null) {
      serve.setConsoleSerialAddress(console.getSerial() == null ? "" : console.getSerial());
      serve.setConsoleVncAddress(console.getVnc() == null ? "" : console.getVnc());
    }
    serve.setConfigVersion(Fingerprint.of(8, serve.build().toByteArray()) + "." + credentialsEpoch);
    return serve.build();
  }

  /**
   * The settings part of a config_version (without the credentials epoch): an observation made with the same
   * settings still describes the host while a new epoch makes the hub read the Secret again.
   */
  static String settingsOf(String configVersion) {
    var dot = configVersion.lastIndexOf('.');
    return dot < 0 ? configVersion : configVersion.substring(0, dot);
  }

  /** spec.pollInterval, 30 s when unset or unreadable, at least 5 s. */
  static java.time.Duration pollInterval(BmcHost host) {
    java.time.Duration interval;
    try {
      interval = Durations.parseOr(host.getSpec().getPollInterval(), DEFAULT_POLL);
    } catch (IllegalArgumentException e) {
      interval = DEFAULT_POLL; // the CRD's pattern rejects it; an API server that does not validate let it through
    }
    return interval.compareTo(MIN_POLL) < 0 ? MIN_POLL : interval;
  }

  private static Duration protoDuration(java.time.Duration duration) {
    return Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
  }
}
