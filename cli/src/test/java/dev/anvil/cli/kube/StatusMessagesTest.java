package dev.anvil.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error answers as the user reads them. */
class StatusMessagesTest {

  @Test
  void aStatusBodyGivesItsMessage() {
    var error = StatusMessages.error(409, """
        {"kind":"Status","status":"Failure","message":"power request On/api-1 has not been carried out yet",
         "reason":"Conflict","code":409}""");

    assertThat(error.code()).isEqualTo(409);
    assertThat(error).hasMessage("power request On/api-1 has not been carried out yet");
  }

  @Test
  void unauthorizedAndForbiddenSaySo() {
    assertThat(StatusMessages.error(401, "")).hasMessageStartingWith("Unauthorized: ");
    assertThat(StatusMessages.error(403, "{\"message\":\"nope\"}")).hasMessage("Forbidden: nope");
  }

  @Test
  void aBodyThatIsNoStatusIsShownOnOneLine() {
    assertThat(StatusMessages.error(502, "<html>\n  Bad gateway\n</html>"))
        .hasMessage("<html> Bad gateway </html>");
    assertThat(StatusMessages.error(500, "")).hasMessage("the apiserver answered HTTP 500");
  }
}
