package dev.anvil.crds.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BmcHostConsoleValidationTest {

  private static final CrdValidator HOSTS = CrdValidator.forResource("bmchosts.anvil.dev");

  private static String host(String console) {
    return """
        apiVersion: anvil.dev/v1alpha1
        kind: BmcHost
        metadata:
          name: rack1-node07
        spec:
          address: redfish+https://10.0.7.7/redfish/v1/Systems/1
          credentialsSecretRef: {name: rack1-bmc}
          datacenter: fra1
          console: %s
        """.formatted(console);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{serial: 'ipmi://10.0.7.7'}", "{serial: 'ipmi://[fd00::7]:6230'}",
      "{vnc: 'vnc://bmc7.example.net'}", "{vnc: 'vnc://10.0.7.7:5901'}", "{vnc: 'wss://10.0.7.7/kvm/0'}",
      "{vnc: 'ws://10.0.7.7:8080'}", "{}"})
  void acceptsConsoleEndpoints(String console) {
    assertThat(HOSTS.validate(Yaml.parse(host(console)))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{serial: 'redfish://10.0.7.7'}", "{serial: 'ipmi://10.0.7.7/x'}",
      "{vnc: 'http://10.0.7.7'}", "{vnc: 'vnc://10.0.7.7/path'}", "{vnc: 'wss://'}"})
  void refusesOtherSchemesNamingTheField(String console) {
    assertThat(HOSTS.validate(Yaml.parse(host(console)))).singleElement()
        .satisfies(e -> assertThat(e.field()).startsWith("spec.console."));
  }
}
