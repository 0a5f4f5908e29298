package dev.anvil.e2e.bench;

import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.e2e.platform.FrontDoor;
import dev.anvil.testing.EmbeddedKubeApi;
import dev.anvil.testing.RedisProcess;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The apiserver front door beside the API behind it, in one run: GET one Job, list 100 Jobs (as JSON and as the
 * Table kubectl asks for), and watch events, each through the apiserver (API key, authorised per call) and straight
 * to the backing API; then the console keystroke round trip through the whole chain ({@link ConsoleRoundTrip}).
 */
public final class FrontDoorBenchmark {

  /** {@code --api 0} or {@code --keystrokes 0} skips that part; calls run on 1 and on {@code --concurrency} threads. */
  private static final Map<String, Integer> DEFAULTS = Map.of("--api", 1, "--gets", 2000, "--lists", 300,
      "--watch-events", 1000, "--concurrency", 8, "--keystrokes", 500);
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  private FrontDoorBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "anvil-bench-logback.xml");
    }
    var o = IntOptions.parse(args, DEFAULTS);
    System.out.printf("Anvil front door benchmark: %s; %d CPUs, Java %s, load average %s%n", String.join(" ", args),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), BmcBenchmark.loadAverage());
    if (o.get("--api") > 0) {
      api(o, System.out);
    }
    if (o.get("--keystrokes") > 0) {
      ConsoleRoundTrip.run(o.get("--keystrokes"), System.out);
    }
    System.out.printf("%nload average at the end: %s%n", BmcBenchmark.loadAverage());
  }

  private static void api(IntOptions o, PrintStream out) throws Exception {
    try (var redis = RedisProcess.start(); var kube = EmbeddedKubeApi.start(); var client = kube.newClient();
        var door = FrontDoor.start(client, kube.url(), redis.uri())) {
      for (int i = 0; i < 100; i++) {
        client.resource(BenchmarkJobs.trivialAgentJob("bench", "list-" + i)).create();
      }
      var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var front = new FrontDoorCalls(http, door.url(), FrontDoor.ADMIN_TOKEN);
      var direct = new FrontDoorCalls(http, kube.url(), null);
      var table = new MarkdownTable("call", "threads", "through the apiserver /s", "p50 / p99 ms",
          "straight to the backing API /s", "p50 / p99 ms", "apiserver share");
      var one = FrontDoorCalls.JOBS + "/list-7";
      var gets = o.get("--gets");
      var lists = o.get("--lists");
      for (var threads : List.of(1, o.get("--concurrency"))) {
        row(table, "GET one Job", threads, gets, front, direct, c -> c.get(one, "application/json"));
        row(table, "list 100 Jobs", threads, lists, front, direct, c -> c.get(FrontDoorCalls.JOBS,
            "application/json"));
        row(table, "list 100 Jobs as Table", threads, lists, front, direct, c -> c.get(FrontDoorCalls.JOBS, TABLE));
      }
      table.print(out);
      watch(client, front, o.get("--watch-events"), out);
    }
  }

  private interface Call {
    void on(FrontDoorCalls calls);
  }

  private static void row(MarkdownTable table, String name, int threads, int count, FrontDoorCalls front,
      FrontDoorCalls direct, Call call) throws InterruptedException {
    timed(threads, count / 10, direct, call); // warm-up of both
    timed(threads, count / 10, front, call);
    var viaDirect = timed(threads, count, direct, call);
    var viaFront = timed(threads, count, front, call);
    table.row(name, threads, MarkdownTable.number(viaFront.perSecond(), 0),
        MarkdownTable.number(viaFront.millis(50), 1) + " / " + MarkdownTable.number(viaFront.millis(99), 1),
        MarkdownTable.number(viaDirect.perSecond(), 0),
        MarkdownTable.number(viaDirect.millis(50), 1) + " / " + MarkdownTable.number(viaDirect.millis(99), 1),
        String.format("%.0f %%", 100 * viaFront.perSecond() / viaDirect.perSecond()));
  }

  private static Latencies timed(int threads, int count, FrontDoorCalls calls, Call call)
      throws InterruptedException {
    var nanos = new long[count];
    var start = System.nanoTime();
    Parallel.run(threads, count, i -> {
      var t0 = System.nanoTime();
      call.on(calls);
      nanos[i] = System.nanoTime() - t0;
    });
    return Latencies.of(nanos, System.nanoTime() - start);
  }

  /** Both watches open at once; Jobs created as fast as 8 threads can; events/s until each saw them all. */
  private static void watch(io.fabric8.kubernetes.client.KubernetesClient client, FrontDoorCalls front, int count,
      PrintStream out) throws Exception {
    var viaFront = new AtomicInteger();
    var viaDirect = new AtomicInteger();
    front.watch(viaFront);
    // the mock API serves watches over WebSocket only (as Fabric8's client asks for them), not chunked HTTP
    var directWatch = client.resources(Job.class).inNamespace("bench").watch(new io.fabric8.kubernetes.client.Watcher<>() {
      @Override
      public void eventReceived(Action action, Job job) {
        viaDirect.incrementAndGet();
      }

      @Override
      public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
      }
    });
    var baseFront = waitSettled(viaFront);
    var baseDirect = waitSettled(viaDirect);
    var start = System.nanoTime();
    Parallel.run(8, count, i -> client.resource(BenchmarkJobs.trivialAgentJob("bench", "watch-" + i)).create());
    var created = System.nanoTime() - start;
    var frontDone = waitFor(viaFront, baseFront + count, start);
    var directDone = waitFor(viaDirect, baseDirect + count, start);
    directWatch.close();
    var table = new MarkdownTable("watch", "events", "creates took s", "all seen after s", "events/s");
    table.row("through the apiserver", count, MarkdownTable.number(created / 1e9, 2),
        MarkdownTable.number(frontDone / 1e9, 2), MarkdownTable.number(count * 1e9 / frontDone, 0));
    table.row("straight to the backing API (WebSocket watch)", count, MarkdownTable.number(created / 1e9, 2),
        MarkdownTable.number(directDone / 1e9, 2), MarkdownTable.number(count * 1e9 / directDone, 0));
    table.print(out);
  }

  private static int waitSettled(AtomicInteger events) throws InterruptedException {
    var last = -1;
    while (events.get() != last) { // the initial ADDED events of the existing Jobs
      last = events.get();
      Thread.sleep(300);
    }
    return last;
  }

  private static long waitFor(AtomicInteger events, int target, long start) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (events.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the watch saw " + events.get() + " of " + target + " events");
      }
      Thread.sleep(1);
    }
    return System.nanoTime() - start;
  }
}
