package dev.anvil.apiserver.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

class StatusExceptionHandlerTest {

  @Test
  void anUnreachableLogStoreIsARetryable503Status() {
    var response = new StatusExceptionHandler().logStoreUnavailable(
        new RedisConnectionException("Unable to connect to redis:6379"));
    assertThat(response.getStatusCode().value()).isEqualTo(503);
    var status = Serialization.unmarshal(response.getBody(), Status.class);
    assertThat(status.getReason()).isEqualTo("ServiceUnavailable");
    assertThat(status.getCode()).isEqualTo(503);
    assertThat(status.getMessage()).isEqualTo("the log store is unavailable: Unable to connect to redis:6379");
  }
}
