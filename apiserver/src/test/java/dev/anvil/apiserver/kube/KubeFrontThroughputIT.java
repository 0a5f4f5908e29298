package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET, list and watch through the apiserver beside the same calls made straight to the backing API (the embedded
 * mock), one client thread each: a micro-figure printed for the benchmark, not a threshold (the machine is shared).
 */
class KubeFrontThroughputIT {

  private static final String NS = "bench";
  private static final int OBJECTS = 100;
  private static final int GETS = 400;
  private static final int LISTS = 40;
  private static final int WATCHED = 200;
  private static final HttpClient HTTP = ApiServerWithEmbeddedKube.http();

  private static ApiServerWithEmbeddedKube server;

  @BeforeAll
  static void boot() throws Exception {
    server = ApiServerWithEmbeddedKube.start();
    for (int i = 0; i < OBJECTS; i++) {
      server.backing().resources(Job.class).inNamespace(NS).resource(job("seed-" + i)).create();
    }
  }

  @AfterAll
  static void shutDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void getListAndWatchThroughTheApiserverBesideTheBackingApi() throws Exception {
    var front = server.url();
    var direct = server.kube().url().replaceAll("/$", "");
    var path = "/apis/anvil.dev/v1alpha1/namespaces/" + NS + "/jobs";
    // warm both paths (JIT, connections)
    rate(front + path + "/seed-1", 50, null);
    rate(direct + path + "/seed-1", 50, null);
    double getFront = rate(front + path + "/seed-1", GETS, null);
    double getDirect = rate(direct + path + "/seed-1", GETS, null);
    double listFront = rate(front + path, LISTS, null);
    double listDirect = rate(direct + path, LISTS, null);
    double tableFront = rate(front + path, LISTS, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    double watchFront = watchThroughApiserver(front + path);
    double watchDirect = watchDirect();
    System.out.printf(Locale.ROOT, "kube-front throughput (1 client, %d objects of %d listed): "
            + "GET %.0f/s via apiserver vs %.0f/s direct; list %.1f/s vs %.1f/s (Table %.1f/s); "
            + "watch %.0f events/s vs %.0f events/s direct%n", WATCHED, OBJECTS, getFront, getDirect, listFront,
        listDirect, tableFront, watchFront, watchDirect);
    assertThat(getFront).isPositive();
  }

  private static double rate(String url, int count, String accept) throws Exception {
    var request = ApiServerWithEmbeddedKube.request(url).header("Accept", accept == null ? "application/json" : accept)
        .build();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      var response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).isEqualTo(200);
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /** Events per second from the first create to the last event a plain HTTP watch of the apiserver delivers. */
  private static double watchThroughApiserver(String collection) throws Exception {
    var list = HTTP.send(ApiServerWithEmbeddedKube.request(collection).build(), HttpResponse.BodyHandlers.ofString());
    var rv = Serialization.unmarshal(list.body(), io.fabric8.kubernetes.api.model.GenericKubernetesResourceList.class)
        .getMetadata().getResourceVersion();
    var response = HTTP.send(ApiServerWithEmbeddedKube.request(collection + "?watch=true&resourceVersion=" + rv)
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    var seen = new AtomicInteger();
    var reader = new Thread(() -> {
      try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null && seen.get() < WATCHED; line = in.readLine()) {
          if (line.contains("\"ADDED\"") && line.contains("front-")) {
            seen.incrementAndGet();
          }
        }
      } catch (java.io.IOException e) {
        // the stream is closed when the test ends
      }
    });
    reader.setDaemon(true);
    reader.start();
    return timeEvents("front-", seen);
  }

  private static double watchDirect() throws Exception {
    var seen = new AtomicInteger();
    try (var watch = server.backing().genericKubernetesResources("anvil.dev/v1alpha1", "Job").inNamespace(NS)
        .watch(new Watcher<GenericKubernetesResource>() {
          @Override
          public void eventReceived(Action action, GenericKubernetesResource resource) {
            if (action == Action.ADDED && resource.getMetadata().getName().startsWith("direct-")) {
              seen.incrementAndGet();
            }
          }

          @Override
          public void onClose(WatcherException cause) {
          }
        })) {
      return timeEvents("direct-", seen);
    }
  }

  private static double timeEvents(String prefix, AtomicInteger seen) {
    long start = System.nanoTime();
    var jobs = server.backing().resources(Job.class).inNamespace(NS);
    for (int i = 0; i < WATCHED; i++) {
      jobs.resource(job(prefix + i)).create();
    }
    await().atMost(Duration.ofSeconds(120)).until(() -> seen.get() >= WATCHED);
    return WATCHED / ((System.nanoTime() - start) / 1e9);
  }

  private static Job job(String name) {
    var job = new Job();
    job.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    job.setSpec(new dev.anvil.crds.v1alpha1.JobSpec());
    return job;
  }
}
