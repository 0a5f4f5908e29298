package dev.anvil.cli.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** How a stand-in route answers: a whole JSON body, or a chunked stream written as the test goes. */
public final class HttpReply {

  private final OutputStream out;
  private boolean chunked;

  HttpReply(OutputStream out) {
    this.out = out;
  }

  public void json(int status, String body) throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  /** A Kubernetes Status failure, as the apiserver writes one. */
  public void status(int code, String reason, String message) throws IOException {
    json(code, "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"" + message
        .replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}");
  }

  /** Starts a chunked text answer; each {@link #write} reaches the client at once. */
  public void startStream(int status) throws IOException {
    chunked = true;
    out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  public void write(String text) throws IOException {
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  void finish() throws IOException {
    if (chunked) {
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
  }
}
