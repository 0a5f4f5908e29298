package dev.anvil.agent.bmc.ipmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.agent.bmc.BmcException.Kind;
import org.junit.jupiter.api.Test;

class CompletionCodeTest {

  @Test
  void unknownCommandsAndOutOfRangeParametersAreUnsupportedTheRestRejected() {
    assertThat(CompletionCode.failure("Chassis Control", 0xc1).kind()).isEqualTo(Kind.UNSUPPORTED);
    assertThat(CompletionCode.failure("Chassis Control", 0xc9).kind()).isEqualTo(Kind.UNSUPPORTED);
    var invalid = CompletionCode.failure("Chassis Control (Nmi)", 0xcc);
    assertThat(invalid.kind()).isEqualTo(Kind.REJECTED);
    assertThat(invalid.getMessage()).isEqualTo(
        "the BMC refused Chassis Control (Nmi): completion code 0xCC (invalid data field in request)");
  }

  @Test
  void oemCodesAreShownInHex() {
    assertThat(CompletionCode.describe(0x85)).isEqualTo("0x85");
  }
}
