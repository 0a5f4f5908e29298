package dev.anvil.sim.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenIpmiToolsTest {

  @TempDir
  Path bin;

  @Test
  void aMissingProgramIsNamedWithWhatToInstall() throws Exception {
    var sdrcomp = Files.createFile(bin.resolve("sdrcomp"));
    sdrcomp.toFile().setExecutable(true);
    var path = bin + File.pathSeparator + bin.resolve("nowhere");

    assertThatThrownBy(() -> OpenIpmiTools.requireOnPath(path, "sdrcomp", "ipmi_sim"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs ipmi_sim, which is not on the PATH (" + path + ")")
        .hasMessageContaining("apt-get install openipmi ipmitool");
    assertThatThrownBy(() -> OpenIpmiTools.requireOnPath(null, "ipmi_sim")).hasMessageContaining("needs ipmi_sim");
  }

  @Test
  void aFileThatIsNotExecutableDoesNotCount() throws Exception {
    Files.createFile(bin.resolve("ipmi_sim"));
    assertThatThrownBy(() -> OpenIpmiTools.requireOnPath(bin.toString(), "ipmi_sim"))
        .hasMessageContaining("needs ipmi_sim");
    bin.resolve("ipmi_sim").toFile().setExecutable(true);
    assertThatNoException().isThrownBy(() -> OpenIpmiTools.requireOnPath(bin.toString(), "ipmi_sim"));
  }

  @Test
  void aProgramThatCannotRunOrFailsIsReportedWithItsOutputButNotItsArguments() {
    assertThatThrownBy(() -> OpenIpmiTools.output("ipmitool chassis status",
        new ProcessBuilder(bin.resolve("ipmitool").toString(), "-P", "secret")))
        .hasMessageStartingWith("cannot run " + bin.resolve("ipmitool")).hasMessageContaining("apt-get install")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> OpenIpmiTools.output("sh failing", new ProcessBuilder("sh", "-c", "echo oops; exit 3")))
        .hasMessage("sh failing failed (exit 3):\noops\n");
    assertThat(OpenIpmiTools.output("echo", new ProcessBuilder("echo", "fine"))).isEqualTo("fine\n");
  }
}
