package dev.anvil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.apiserver.hub.HubProperties;
import dev.anvil.crds.v1alpha1.BmcActionRecord;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.BmcHostSpec;
import dev.anvil.crds.v1alpha1.BmcHostStatus;
import dev.anvil.crds.v1alpha1.BmcTls;
import dev.anvil.crds.v1alpha1.CaBundleRef;
import dev.anvil.crds.v1alpha1.Health;
import dev.anvil.crds.v1alpha1.PowerState;
import dev.anvil.crds.v1alpha1.SecretRef;
import dev.anvil.operator.AnvilOperator;
import dev.anvil.operator.config.OperatorConfig;
import dev.anvil.operator.status.Conditions;
import dev.anvil.sim.ipmi.IpmiSimulator;
import dev.anvil.sim.redfish.Mockup;
import dev.anvil.sim.redfish.RedfishSimulator;
import dev.anvil.testing.RedisProcess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * BmcHosts through every real part on loopback: operator → central Redis → hub (which reads the Secrets) → agent →
 * RedfishClient → the Redfish simulator over verified HTTPS, or IpmiClient → OpenIPMI's ipmi_sim, and back to the
 * BmcHost's status.
 */
@Timeout(120)
class BmcHostChainE2E {

  private static final String SYSTEM = "/redfish/v1/Systems/437XR1138R2";
  private static final String RESET = SYSTEM + "/Actions/ComputerSystem.Reset";
  private static final String PASSWORD = "e2e-Bmc-pw-91c";

  private static ChainPlatform platform;
  private static RedfishSimulator bmc;
  private static IpmiSimulator ipmi;
  private static AnvilOperator operator;

  @TempDir
  static Path temp;

  @BeforeAll
  static void start() throws Exception {
    var central = RedisProcess.start();
    platform = new ChainPlatform(central, RedisClient.create(central.uri()), HubProperties.defaults()
        .withHeartbeat(Duration.ofMillis(400), Duration.ofMillis(200)).withCommandBlock(Duration.ofMillis(200))
        .withReplicaId("hub-bmc"));
    bmc = RedfishSimulator.builder(Mockup.PUBLIC_RACKMOUNT1).credentials("root", PASSWORD).start();
    ipmi = IpmiSimulator.start();
    platform.connectedAgent("agent-dc-a", "dc-a", 2, temp);
    operator = platform.operator(OperatorConfig.local().withAgentBus(central.uri(), Duration.ofSeconds(3)));
    secret("r640-bmc", Map.of("username", "root", "password", PASSWORD));
    secret("r640-bad", Map.of("username", "root", "password", "not-the-password"));
    secret("dc-a-ca", Map.of("ca.crt", bmc.caPem()));
    secret("ipmi-bmc", Map.of("username", IpmiSimulator.USER, "password", IpmiSimulator.PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (bmc != null) {
      bmc.close();
    }
    if (ipmi != null) {
      ipmi.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private static void secret(String name, Map<String, String> data) {
    platform.kubernetes.resource(new SecretBuilder().withNewMetadata().withNamespace(ChainPlatform.NAMESPACE)
        .withName(name).endMetadata().withStringData(data).build()).create();
  }

  private static BmcHost host(String name, String secret, BmcHostSpec.Power power) {
    var spec = new BmcHostSpec();
    spec.setAddress("redfish+https://127.0.0.1:" + bmc.httpsUri().getPort() + SYSTEM);
    spec.setCredentialsSecretRef(new SecretRef(secret));
    var tls = new BmcTls();
    tls.setCaSecretRef(new CaBundleRef("dc-a-ca"));
    spec.setTls(tls);
    spec.setDatacenter("dc-a");
    spec.setPower(power);
    spec.setPollInterval("5s");
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace(ChainPlatform.NAMESPACE).withName(name).build());
    host.setSpec(spec);
    return platform.kubernetes.resource(host).create();
  }

  private static BmcHost ipmiHost(String name, BmcHostSpec.Power power) {
    var spec = new BmcHostSpec();
    spec.setAddress("ipmi://127.0.0.1:" + ipmi.port());
    spec.setCredentialsSecretRef(new SecretRef("ipmi-bmc"));
    spec.setDatacenter("dc-a");
    spec.setPower(power);
    spec.setPollInterval("5s");
    var host = new BmcHost();
    host.setMetadata(new ObjectMetaBuilder().withNamespace(ChainPlatform.NAMESPACE).withName(name).build());
    host.setSpec(spec);
    return platform.kubernetes.resource(host).create();
  }

  private static BmcHost get(String name) {
    return platform.kubernetes.resources(BmcHost.class).inNamespace(ChainPlatform.NAMESPACE).withName(name).get();
  }

  private static String condition(BmcHost host, String type) {
    var c = host == null || host.getStatus() == null ? null : Conditions.find(host.getStatus().getConditions(), type);
    return c == null ? null : c.getStatus() + "/" + c.getReason();
  }

  @Test
  void aRedfishHostIsPolledPoweredOffOnceAndRecoversFromAnOutage() {
    var started = System.nanoTime();
    host("r640-17", "r640-bmc", BmcHostSpec.Power.Off);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      var host = get("r640-17");
      assertThat(condition(host, BmcHostStatus.READY)).isEqualTo("True/Ready");
      assertThat(host.getStatus().getPowerState()).isEqualTo(PowerState.Off);
    });
    System.out.printf("BmcHost chain: created to Ready (powered off) in %.2f s%n", (System.nanoTime() - started) / 1e9);
    var ready = get("r640-17");
    assertThat(bmc.powerState(SYSTEM)).isEqualTo("Off");
    assertThat(bmc.requestCount("POST", RESET)).as("one graceful shutdown, sent once").isEqualTo(1);
    assertThat(ready.getStatus().getLastAction().getAction()).isEqualTo("GracefulShutdown");
    assertThat(ready.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Succeeded);
    assertThat(ready.getStatus().getAgent()).isEqualTo("agent-dc-a");
    assertThat(ready.getStatus().getInventory().getModel()).isNotBlank();
    assertThat(ready.getStatus().getSensors()).isNotEmpty();
    assertThat(platform.kubernetes.getKubernetesSerialization().asJson(ready)).doesNotContain(PASSWORD);

    bmc.unreachable();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> "False/Unreachable".equals(condition(get("r640-17"), BmcHostStatus.REACHABLE)));
    bmc.reachable();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> "True/Ready".equals(condition(get("r640-17"), BmcHostStatus.READY)));
    assertThat(bmc.requestCount("POST", RESET)).as("nothing done twice across the outage").isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsNamedAndDoesNotStormTheBmcWithLogins() {
    var loginsBefore = bmc.loginCount();
    host("r640-locked", "r640-bad", null);

    await().atMost(Duration.ofSeconds(60))
        .until(() -> "False/Rejected".equals(condition(get("r640-locked"), BmcHostStatus.CREDENTIALS_VALID)));
    var host = get("r640-locked");
    assertThat(Conditions.find(host.getStatus().getConditions(), BmcHostStatus.CREDENTIALS_VALID).getMessage())
        .contains("Secret r640-bad").doesNotContain("not-the-password");
    await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12))
        .until(() -> bmc.loginCount() == loginsBefore);
    assertThat(platform.kubernetes.v1().events().inNamespace(ChainPlatform.NAMESPACE).list().getItems())
        .noneMatch(e -> String.valueOf(e.getMessage()).contains("not-the-password"));
  }

  @Test
  void anIpmiHostIsPoweredOnOnceAndReportsSensorsInventoryAndItsEventLog() {
    var started = System.nanoTime();
    ipmiHost("old-1u-04", BmcHostSpec.Power.On);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      var host = get("old-1u-04");
      assertThat(condition(host, BmcHostStatus.READY)).isEqualTo("True/Ready");
      assertThat(host.getStatus().getPowerState()).isEqualTo(PowerState.On);
    });
    System.out.printf("BmcHost chain (IPMI): created to Ready (powered on) in %.2f s%n",
        (System.nanoTime() - started) / 1e9);
    var host = get("old-1u-04");
    assertThat(ipmi.poweredOn()).isTrue();
    // ipmi_sim calls its chassis hook with "set power 1" again and again while it powers on, so the hook's log
    // cannot count requests: the action id can (power-g<generation>-<n>: the first attempt, not repeated)
    assertThat(host.getStatus().getLastAction().getId()).isEqualTo("power-g1-1");
    assertThat(host.getStatus().getLastAction().getResult()).isEqualTo(BmcActionRecord.Result.Succeeded);
    assertThat(ipmi.chassisCalls("set power 0")).as("never powered off").isZero();
    assertThat(ipmi.chassisCalls("set power 1")).as("powered on once").isEqualTo(1);
    assertThat(host.getStatus().getProtocol()).isEqualTo("IPMI");
    assertThat(host.getStatus().getHealth()).as("CPU Temp is above its upper non-critical threshold")
        .isEqualTo(Health.Warning);
    assertThat(host.getStatus().getSensors()).anySatisfy(sensor -> {
      assertThat(sensor.getName()).isEqualTo("Inlet Temp");
      assertThat(sensor.getReading()).isEqualTo(25.0);
      assertThat(sensor.getUnits()).isEqualTo("Cel");
    });
    assertThat(host.getStatus().getSensors().get(0).getStatus()).as("sensors in trouble first")
        .isEqualTo(Health.Warning);
    assertThat(host.getStatus().getInventory().getManufacturer()).isEqualTo("Anvil Labs");
    assertThat(host.getStatus().getEventLog().getEntries()).isEqualTo(12);

    ipmi.console("sensor_set_value 0x20 0 1 0x55 0"); // Inlet Temp to 85 C, past its upper critical 80 C
    try {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var hot = get("old-1u-04");
        assertThat(hot.getStatus().getHealth()).isEqualTo(Health.Critical);
        assertThat(hot.getStatus().getSensors().get(0).getName()).isEqualTo("Inlet Temp");
        assertThat(hot.getStatus().getSensors().get(0).getReading()).isEqualTo(85.0);
        assertThat(hot.getStatus().getSensors().get(0).getStatus()).isEqualTo(Health.Critical);
      });
    } finally {
      ipmi.console("sensor_set_value 0x20 0 1 0x19 0");
    }
  }
}
