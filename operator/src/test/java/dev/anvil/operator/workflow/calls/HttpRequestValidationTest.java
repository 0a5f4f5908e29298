package dev.anvil.operator.workflow.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.crds.v1alpha1.HttpNode;
import dev.anvil.operator.workflow.calls.ResolvedHttpRequest.Header;
import dev.anvil.operator.workflow.calls.ResolvedHttpRequest.ResultSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ResolvedHttpRequest} refuses before anything is sent, and what it never shows. */
class HttpRequestValidationTest {

  private static final URI URL = URI.create("https://hooks.example.com/run?token=s3cret");

  @Test
  void toStringLeavesOutHeaderValuesBodyAndQuery() {
    var request = new ResolvedHttpRequest(HttpNode.Method.POST, URL, List.of(new Header("X-Api-Key", "k3y")),
        "pass=hunter2", Duration.ofSeconds(5), List.of(), List.of(new ResultSpec("id", "$.id")), "uid-n-1");

    assertThat(request.toString()).contains("POST hooks.example.com:443", "X-Api-Key: <redacted>", "12 chars")
        .doesNotContain("k3y", "hunter2", "s3cret");
  }

  @Test
  void operatorOwnedHeadersAreRefused() {
    assertThatThrownBy(() -> request(List.of(new Header("Host", "evil")), List.of()))
        .hasMessage("header Host is set by the operator and cannot be given");
  }

  @Test
  void headerValuesWithLineBreaksAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> new Header("X-Token", "a\r\nX-Injected: s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void malformedJsonPathIsRefusedWithItsProblem() {
    assertThatThrownBy(() -> new ResultSpec("id", "$..id")).hasMessageContaining("recursive descent");
  }

  @Test
  void statusCodeIsAReservedResultName() {
    assertThatThrownBy(() -> new ResultSpec("statusCode", "$.code")).hasMessageContaining("reserved");
  }

  @Test
  void statusCodesOutsideTheHttpRangeAreRefused() {
    assertThatThrownBy(() -> request(List.of(), List.of(200, 99))).hasMessageContaining("99");
  }

  @Test
  void onlyAbsoluteHttpUrlsAreAccepted() {
    assertThatThrownBy(() -> new ResolvedHttpRequest(HttpNode.Method.GET, URI.create("ftp://user:s3cret@host/"),
        List.of(), null, Duration.ofSeconds(1), List.of(), List.of(), "k"))
        .hasMessage("the URL must start with http:// or https://");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> new ResolvedHttpRequest(HttpNode.Method.GET, URL, List.of(), null, Duration.ZERO,
        List.of(), List.of(), "k")).hasMessageContaining("timeout");
  }

  private static ResolvedHttpRequest request(List<Header> headers, List<Integer> expect) {
    return new ResolvedHttpRequest(HttpNode.Method.GET, URL, headers, null, Duration.ofSeconds(1), expect, List.of(),
        "k");
  }
}
