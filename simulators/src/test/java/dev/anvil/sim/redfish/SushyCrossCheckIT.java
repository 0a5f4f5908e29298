package dev.anvil.sim.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator checked by an independent Redfish client: sushy (OpenStack Ironic's library), run by python3. */
class SushyCrossCheckIT {

  private static final String PYTHON = "/usr/bin/python3";

  @TempDir
  Path dir;

  @BeforeAll
  static void sushyIsInstalled() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(PYTHON)), "no " + PYTHON);
    var probe = new ProcessBuilder(PYTHON, "-c", "import sushy").redirectErrorStream(true).start();
    assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "python3-sushy is not importable");
  }

  @Test
  void sushyReadsPowerResetsAndSetsABootOverride() throws Exception {
    try (var bmc = RedfishSimulator.start(Mockup.PUBLIC_RACKMOUNT1)) {
      var system = "/redfish/v1/Systems/437XR1138R2";
      bmc.edit(system, node -> node.with("Boot").put("BootSourceOverrideEnabled", "Disabled"));

      var seen = runSushy(bmc, system);

      assertThat(seen).containsEntry("power", "On")
          .containsEntry("resets", "ForceOff,ForceOn,ForceRestart,GracefulRestart,GracefulShutdown,Nmi,On,"
              + "PushPowerButton")
          .containsEntry("power_after_off", "Off")
          .containsEntry("boot", "Pxe/Once")
          .containsEntry("uefi_http", "refused")
          .containsEntry("power_after_on", "On")
          .containsEntry("boot_after_on", "Disabled");
      assertThat(bmc.powerState(system)).isEqualTo("On");
      assertThat(bmc.loginCount()).isEqualTo(1);
      assertThat(bmc.liveSessionCount()).isZero();
      assertThat(bmc.requestCount("PATCH", system)).isEqualTo(1);
    }
  }

  private Map<String, String> runSushy(RedfishSimulator bmc, String system) throws IOException, InterruptedException {
    var ca = dir.resolve("ca.pem");
    Files.writeString(ca, bmc.caPem());
    var script = dir.resolve("check_simulator.py");
    try (var in = getClass().getResourceAsStream("/sushy/check_simulator.py")) {
      Files.write(script, in.readAllBytes());
    }
    var builder = new ProcessBuilder(List.of(PYTHON, script.toString(), bmc.httpsUri().toString(), bmc.username(),
        bmc.password(), ca.toString(), system)).redirectErrorStream(true);
    // requests would otherwise trust these bundles instead of the CA file passed as verify=
    builder.environment().remove("REQUESTS_CA_BUNDLE");
    builder.environment().remove("CURL_CA_BUNDLE");
    var process = builder.start();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    var seen = new HashMap<String, String>();
    output.lines().filter(line -> line.matches("[a-z_]+=.*")).forEach(line -> {
      var eq = line.indexOf('=');
      seen.put(line.substring(0, eq), line.substring(eq + 1));
    });
    return seen;
  }
}
