package dev.anvil.e2e.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests clients send, by verb and resource ({@code PUT jobs/status}, {@code GET pod}), so a benchmark
 * can say how many API calls one Job costs. Watches open over WebSocket and count once, as {@code WATCH}.
 */
final class RequestCounter {

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** A client for the API that {@code template} talks to, whose requests this counter counts. */
  KubernetesClient newClient(KubernetesClient template) {
    var config = template.getConfiguration();
    return new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("request-counter", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            counts.computeIfAbsent(classify(request.method(), request.uri().getPath(), request.uri().getQuery()),
                k -> new LongAdder()).increment();
          }
        }))
        .build();
  }

  void reset() {
    counts.clear();
  }

  /** Counts so far, by request kind, sorted. */
  Map<String, Long> snapshot() {
    var out = new TreeMap<String, Long>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Prints {@code counts} divided by {@code jobs}, by request kind; watches and lists are left out. */
  static void printPerJob(PrintStream out, String title, Map<String, Long> counts, int jobs) {
    out.println(title);
    counts.forEach((k, v) -> {
      if (!k.startsWith("WATCH") && !k.endsWith("(list)")) {
        out.printf("  %-28s %6.2f%n", k, (double) v / jobs);
      }
    });
  }

  /** {@code GET /api/v1/namespaces/ns/pods/p} → {@code GET pod}; {@code PUT .../jobs/j/status} → {@code PUT jobs/status}. */
  static String classify(String method, String path, String query) {
    var parts = path.replaceAll("^/+|/+$", "").split("/");
    // api/v1/... or apis/group/version/...
    int i = parts.length > 0 && parts[0].equals("api") ? 2 : 3;
    if (i < parts.length && parts[i].equals("namespaces") && i + 2 < parts.length) {
      i += 2;
    }
    if (i >= parts.length) {
      return method + " " + path;
    }
    var resource = parts[i];
    boolean named = i + 1 < parts.length;
    var sub = i + 2 < parts.length ? "/" + parts[i + 2] : "";
    if (query != null && query.contains("watch=true")) {
      return "WATCH " + resource;
    }
    if (!named) {
      return method + " " + resource + (method.equals("GET") ? " (list)" : "");
    }
    return method + " " + resource + sub;
  }
}
