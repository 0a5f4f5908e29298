package dev.anvil.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A Workflow node that calls an external HTTP service and turns parts of the response into results. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpNode {

  /** HTTP request method. */
  public enum Method {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE,
    HEAD
  }

  @JsonPropertyDescription("Request method. Default GET.")
  @Default("GET")
  private Method method;

  @JsonPropertyDescription("Request URL, http:// or https://; substitutions allowed. Its host:port names the "
      + "circuit breaker the call goes through.")
  @Required
  @Pattern("^(https?://|\\$\\().+")
  private String url;

  @JsonPropertyDescription("Request headers.")
  @Size(max = 32)
  private List<HttpHeader> headers;

  @JsonPropertyDescription("Request body, sent as given after substitution.")
  private String body;

  @JsonPropertyDescription("Authorization header from a Secret: Bearer token or Basic username/password.")
  private HttpAuth authSecretRef;

  @JsonPropertyDescription("Status codes that count as success. Default: any 2xx. Any other code fails the attempt "
      + "(and counts against the circuit breaker).")
  @Size(max = 16)
  private List<@Min(100) @Max(599) Integer> expectStatus;

  @JsonPropertyDescription("Values taken from the JSON response body and published as the node's results.")
  @Size(max = 16)
  private List<HttpResult> results;

  @JsonPropertyDescription("Timeout of one request, as a duration. Default 30s. The node's own timeout bounds "
      + "all attempts together.")
  @Pattern(Durations.PATTERN)
  private String timeout;

  public Method getMethod() {
    return method;
  }

  public void setMethod(Method method) {
    this.method = method;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public List<HttpHeader> getHeaders() {
    return headers;
  }

  public void setHeaders(List<HttpHeader> headers) {
    this.headers = headers;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }

  public HttpAuth getAuthSecretRef() {
    return authSecretRef;
  }

  public void setAuthSecretRef(HttpAuth authSecretRef) {
    this.authSecretRef = authSecretRef;
  }

  public List<Integer> getExpectStatus() {
    return expectStatus;
  }

  public void setExpectStatus(List<Integer> expectStatus) {
    this.expectStatus = expectStatus;
  }

  public List<HttpResult> getResults() {
    return results;
  }

  public void setResults(List<HttpResult> results) {
    this.results = results;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }
}
