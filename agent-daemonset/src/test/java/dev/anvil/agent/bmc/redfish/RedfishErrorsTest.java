package dev.anvil.agent.bmc.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedfishErrorsTest {

  private static String message(String body) {
    return RedfishErrors.message(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theExtendedInfoMessagesAreTheMessage() {
    assertThat(message("""
        {"error": {"code": "Base.1.16.0.GeneralError", "message": "A general error has occurred.",
          "@Message.ExtendedInfo": [{"MessageId": "Base.1.16.0.PropertyValueNotInList",
              "Message": "The value Usb for the property BootSourceOverrideTarget is not in the list."},
            {"MessageId": "Base.1.16.0.PropertyUnknown", "Message": "The property Colour is not known."},
            {"MessageId": "Oem.1", "Message": null}]}}
        """)).isEqualTo("The value Usb for the property BootSourceOverrideTarget is not in the list.; "
        + "The property Colour is not known.");
  }

  @Test
  void withoutExtendedInfoTheErrorMessageServes() {
    assertThat(message("{\"error\": {\"code\": \"x\", \"message\": \"Server is in standby\"}}"))
        .isEqualTo("Server is in standby");
    assertThat(message("{\"@Message.ExtendedInfo\": [{\"Message\": \"bare\"}]}")).isEqualTo("bare");
  }

  @Test
  void aBodyThatSaysNothingReadableGivesNoMessage() {
    assertThat(message("<html>502 Bad Gateway</html>")).isNull();
    assertThat(message("")).isNull();
    assertThat(message("{\"error\": {}}")).isNull();
    assertThat(message("x".repeat(2000))).isNull();
    assertThat(message("{\"error\": {\"message\": \"" + "y".repeat(2000) + "\"}}")).hasSize(503);
  }
}
