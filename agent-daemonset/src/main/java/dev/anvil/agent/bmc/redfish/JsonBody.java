package dev.anvil.agent.bmc.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A JSON request body that OkHttp may send only once: it then never silently repeats a POST or PATCH whose request
 * already went out (it still retries one that never left), so an action is not carried out twice.
 */
final class JsonBody extends RequestBody {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final byte[] bytes;

  private JsonBody(byte[] bytes) {
    this.bytes = bytes;
  }

  static JsonBody of(JsonNode json) {
    return new JsonBody(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public MediaType contentType() {
    return JSON;
  }

  @Override
  public long contentLength() {
    return bytes.length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    sink.write(bytes);
  }

  @Override
  public boolean isOneShot() {
    return true;
  }
}
