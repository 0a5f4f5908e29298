package dev.anvil.e2e.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same Kubernetes calls made to one API server (the apiserver front door, or the backing API straight): GETs,
 * lists, and a watch that counts events. {@code token} is sent as a bearer token when not null.
 */
record FrontDoorCalls(HttpClient http, String baseUrl, String token) {

  static final String JOBS = "/apis/anvil.dev/v1alpha1/namespaces/bench/jobs";

  HttpRequest.Builder request(String path) {
    var builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  /** GETs {@code path} and fails unless it answers 200. */
  void get(String path, String accept) {
    try {
      var response = http.send(request(path).header("Accept", accept).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
      }
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a watch of the bench Jobs; each event line counts one into {@code events} until the stream ends. */
  Thread watch(AtomicInteger events) throws IOException, InterruptedException {
    var response = http.send(request(JOBS + "?watch=true").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("watch answered " + response.statusCode() + ": "
          + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    var reader = new Thread(() -> countLines(response.body(), events), "bench-watch");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static void countLines(InputStream body, AtomicInteger events) {
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, StandardCharsets.UTF_8))) {
      while (lines.readLine() != null) {
        events.incrementAndGet();
      }
    } catch (IOException e) {
      // the benchmark closed the watch
    }
  }
}
