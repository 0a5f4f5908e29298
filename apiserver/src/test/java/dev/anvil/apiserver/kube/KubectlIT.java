package dev.anvil.apiserver.kube;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real kubectl against the booted apiserver in front of the embedded Kubernetes API: discovery, OpenAPI, tables,
 * writes with kube-apiserver's validation, watches. Each test uses objects of its own.
 */
class KubectlIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Duration SLOW = Duration.ofSeconds(60);

  @RegisterExtension
  static final KubectlFixture KUBE = new KubectlFixture();

  @Test
  void apiResourcesListsTheKindsWithShortNamesCategoriesAndVerbs() {
    var result = ok(KUBE.kubectl().run("api-resources", "--api-group=anvil.dev", "-o", "wide"));
    assertThat(result.out()).containsPattern("bmchosts\\s+bmc,bmch\\s+anvil.dev/v1alpha1\\s+true\\s+BmcHost\\s+"
        + "delete,get,list,patch,create,update,watch\\s+anvil");
    assertThat(result.out()).containsPattern("jobs\\s+ajob\\s+anvil.dev/v1alpha1\\s+true\\s+Job");
    assertThat(result.out()).containsPattern("pipelines\\s+apipe\\s+anvil.dev/v1alpha1\\s+true\\s+Pipeline");
    assertThat(result.out()).containsPattern("workflows\\s+awf\\s+anvil.dev/v1alpha1\\s+true\\s+Workflow");
    // the subresources are in the group-version document kubectl reads for raw paths
    var raw = ok(KUBE.kubectl().run("get", "--raw", "/apis/anvil.dev/v1alpha1")).out();
    assertThat(raw).contains("\"name\":\"jobs/status\"", "\"name\":\"jobs/log\"", "\"name\":\"pipelines/status\"",
        "\"name\":\"workflows/status\"", "\"name\":\"bmchosts/status\"");
  }

  @Test
  void aNamespacesUserSeesOnlyItsNamespaceAndCannotWrite() throws IOException {
    create("mine", "team-a");
    create("theirs", "team-b");
    var asTeamA = "--token=" + ApiServerWithEmbeddedKube.TEAM_A_TOKEN;
    assertThat(ok(KUBE.kubectl().run(asTeamA, "get", "ajob", "-n", "team-a")).out()).contains("mine");
    var other = KUBE.kubectl().run(asTeamA, "get", "ajob", "-n", "team-b");
    assertThat(other.exitCode()).isNotZero();
    assertThat(other.err()).contains("Error from server (Forbidden): jobs.anvil.dev is forbidden: User \"team-a\" "
        + "cannot list resource \"jobs\" in API group \"anvil.dev\" in the namespace \"team-b\"");
    var delete = KUBE.kubectl().run(asTeamA, "delete", "ajob", "mine", "-n", "team-a");
    assertThat(delete.err()).contains("Forbidden", "cannot delete resource \"jobs\"");
    assertThat(KUBE.kubectl().run("--token=wrong", "get", "ajob", "-n", "team-a").err())
        .contains("error: You must be logged in to the server (Unauthorized)");
  }

  @Test
  void applyCreatesThenLeavesUnchangedThenConfigures() throws IOException {
    var file = manifest("apply-me", "ns-apply", "");
    assertThat(ok(KUBE.kubectl().run("apply", "-f", file.toString())).out()).contains("job.anvil.dev/apply-me created");
    assertThat(ok(KUBE.kubectl().run("apply", "-f", file.toString())).out()).contains("job.anvil.dev/apply-me unchanged");
    var changed = manifest("apply-me", "ns-apply", "  activeDeadlineSeconds: 60\n");
    assertThat(ok(KUBE.kubectl().run("apply", "-f", changed.toString())).out()).contains("job.anvil.dev/apply-me configured");
    var stored = KUBE.server().backing().resources(Job.class).inNamespace("ns-apply").withName("apply-me").get();
    assertThat(stored.getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
    // defaulted as kube-apiserver would from the schema
    assertThat(stored.getSpec().getExecutor()).isEqualTo("Pod");
  }

  @Test
  void appliesTheExampleJobAndServerSideApplyToo() {
    var hello = REPO.resolve("examples/jobs/hello.yaml").toString();
    assertThat(ok(KUBE.kubectl().run("apply", "-f", hello)).out()).contains("job.anvil.dev/hello ");
    assertThat(ok(KUBE.kubectl().run("apply", "--server-side", "-f", hello)).out())
        .contains("job.anvil.dev/hello serverside-applied");
  }

  @Test
  void retryReasonsSurviveKubectlsYamlReader() {
    // kubectl reads YAML 1.1: an unquoted key `on` would arrive as "true"; the field is `reasons`
    ok(KUBE.kubectl().run("apply", "-f", REPO.resolve("examples/jobs/retry-with-backoff.yaml").toString()));
    var stored = KUBE.server().backing().resources(Job.class).inNamespace("default").withName("flaky-download").get();
    assertThat(stored.getSpec().getRetry().getReasons()).containsExactly("Failed", "Evicted", "PodDeleted");
  }

  @Test
  void getPrintsThePrinterColumnsAndWideAddsThePriorityOnes() throws IOException {
    create("columns", "ns-get");
    setSucceeded("ns-get", "columns");
    var plain = ok(KUBE.kubectl().run("get", "ajob", "-n", "ns-get")).out();
    assertThat(plain.lines().findFirst().orElseThrow())
        .matches("NAME\\s+EXECUTOR\\s+PHASE\\s+ATTEMPT\\s+SUCCEEDED\\s+AGE\\s*");
    assertThat(plain).containsPattern("columns\\s+Pod\\s+Succeeded\\s+True\\s+\\d+s");
    var wide = ok(KUBE.kubectl().run("get", "ajob", "-n", "ns-get", "-o", "wide")).out();
    assertThat(wide.lines().findFirst().orElseThrow())
        .matches("NAME\\s+EXECUTOR\\s+PHASE\\s+ATTEMPT\\s+SUCCEEDED\\s+REASON\\s+AGE\\s*");
    assertThat(wide).containsPattern("columns\\s+Pod\\s+Succeeded\\s+True\\s+Completed\\s+\\d+s");
    var category = ok(KUBE.kubectl().run("get", "anvil", "-A")).out();
    assertThat(category).containsPattern("ns-get\\s+job.anvil.dev/columns");
    var yaml = ok(KUBE.kubectl().run("get", "ajob", "columns", "-n", "ns-get", "-o", "yaml")).out();
    assertThat(yaml).contains("kind: Job", "name: columns", "namespace: ns-get", "type: Succeeded");
    var labelled = ok(KUBE.kubectl().run("get", "ajob", "-n", "ns-get", "-l", "missing=label")).err();
    assertThat(labelled).contains("No resources found in ns-get namespace.");
  }

  @Test
  void describeShowsTheObject() throws IOException {
    create("described", "ns-describe");
    var out = ok(KUBE.kubectl().run("describe", "ajob", "described", "-n", "ns-describe")).out();
    assertThat(out).containsPattern("Name:\\s+described").containsPattern("Namespace:\\s+ns-describe")
        .containsPattern("Kind:\\s+Job").containsPattern("Executor:\\s+Pod");
  }

  @Test
  void explainReadsTheCrdSchemaFromOpenApiV3() {
    var out = ok(KUBE.kubectl().run("explain", "workflows.spec.nodes")).out();
    assertThat(out).contains("KIND:       Workflow", "FIELD: nodes <[]Object>", "approval\t<Object>",
        "Names must be unique.");
  }

  @Test
  void annotateAndLabelPatchAndAStrategicPatchIsRefusedAsByKubeApiserver() throws IOException {
    create("patched", "ns-patch");
    ok(KUBE.kubectl().run("annotate", "ajob", "patched", "-n", "ns-patch", "team=metal"));
    ok(KUBE.kubectl().run("label", "ajob", "patched", "-n", "ns-patch", "tier=gold"));
    ok(KUBE.kubectl().run("patch", "ajob", "patched", "-n", "ns-patch", "--type=json", "-p",
        "[{\"op\":\"add\",\"path\":\"/spec/activeDeadlineSeconds\",\"value\":30}]"));
    var stored = KUBE.server().backing().resources(Job.class).inNamespace("ns-patch").withName("patched").get();
    assertThat(stored.getMetadata().getAnnotations()).containsEntry("team", "metal");
    assertThat(stored.getMetadata().getLabels()).containsEntry("tier", "gold");
    assertThat(stored.getSpec().getActiveDeadlineSeconds()).isEqualTo(30L);
    var strategic = KUBE.kubectl().run("patch", "ajob", "patched", "-n", "ns-patch", "-p", "{\"spec\":{\"suspend\":true}}");
    assertThat(strategic.exitCode()).isNotZero();
    assertThat(strategic.err()).contains("application/strategic-merge-patch+json is not supported");
    var invalid = KUBE.kubectl().run("patch", "ajob", "patched", "-n", "ns-patch", "--type=merge", "-p",
        "{\"spec\":{\"activeDeadlineSeconds\":0}}");
    assertThat(invalid.err()).contains("The Job \"patched\" is invalid: spec.activeDeadlineSeconds: Invalid value: 0");
  }

  @Test
  void anInvalidObjectIs422WithCausesAsKubectlPrintsThemFromACluster() throws IOException {
    var bad = KUBE.home().resolve("bad.yaml");
    Files.writeString(bad, """
        apiVersion: anvil.dev/v1alpha1
        kind: Job
        metadata: {name: bad, namespace: ns-bad}
        spec:
          executor: Agent
          retry: {limit: 1000}
        """);
    var result = KUBE.kubectl().run("create", "-f", bad.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).isEqualTo("""
        The Job "bad" is invalid:\s
        * spec.retry.limit: Invalid value: 1000: spec.retry.limit in body should be less than or equal to 100
        * spec: Invalid value: "object": spec.agent is required when executor is Agent
        """);
    var raw = KUBE.kubectl().run("create", "-f", bad.toString(), "-v=8");
    assertThat(raw.err()).contains("Response Status: 422");
    assertThat(KUBE.server().backing().resources(Job.class).inNamespace("ns-bad").withName("bad").get()).isNull();
  }

  @Test
  void deleteRemovesTheObject() throws IOException {
    create("doomed", "ns-delete");
    assertThat(ok(KUBE.kubectl().run("delete", "ajob", "doomed", "-n", "ns-delete")).out())
        .contains("job.anvil.dev \"doomed\" deleted");
    assertThat(KUBE.server().backing().resources(Job.class).inNamespace("ns-delete").withName("doomed").get()).isNull();
    assertThat(KUBE.kubectl().run("get", "ajob", "doomed", "-n", "ns-delete").err())
        .contains("Error from server (NotFound): jobs.anvil.dev \"doomed\" not found");
  }

  @Test
  void getWatchPrintsAnEventAsItArrives() throws IOException {
    create("watched", "ns-watch");
    var process = KUBE.kubectl().start("get", "ajob", "-n", "ns-watch", "-w", "--output-watch-events");
    try {
      var lines = lines(process);
      await().atMost(SLOW).until(() -> lines.stream().anyMatch(line -> line.matches("ADDED\\s+watched\\s+Pod.*")));
      setSucceeded("ns-watch", "watched");
      await().atMost(SLOW).until(() -> lines.stream()
          .anyMatch(line -> line.matches("MODIFIED\\s+watched\\s+Pod\\s+Succeeded\\s+True.*")));
      assertThat(lines.get(0)).matches("EVENT\\s+NAME\\s+EXECUTOR\\s+PHASE\\s+ATTEMPT\\s+SUCCEEDED\\s+AGE\\s*");
    } finally {
      process.destroy();
    }
  }

  @Test
  void waitForConditionSucceededReturnsWhenTheStatusSaysSo() throws Exception {
    create("awaited", "ns-wait");
    var process = KUBE.kubectl().start("wait", "--for=condition=Succeeded", "ajob/awaited", "-n", "ns-wait",
        "--timeout=60s");
    var out = Kubectl.drain(process.getInputStream());
    var err = Kubectl.drain(process.getErrorStream());
    try {
      assertThat(process.waitFor(2, TimeUnit.SECONDS)).as("still waiting while the Job runs").isFalse();
      setSucceeded("ns-wait", "awaited");
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(new String(err.join(), UTF_8)).isZero();
      assertThat(new String(out.join(), UTF_8)).contains("job.anvil.dev/awaited condition met");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aRawWatchIsNewlineDelimitedJsonThatEndsAfterTimeoutSeconds() throws Exception {
    create("raw-watched", "ns-raw");
    var http = ApiServerWithEmbeddedKube.http();
    var started = System.nanoTime();
    var response = http.send(ApiServerWithEmbeddedKube.request(KUBE.server().url()
        + "/apis/anvil.dev/v1alpha1/namespaces/ns-raw/jobs?watch=true&timeoutSeconds=3").build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("application/json"));
    var lines = response.body().toList();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SLOW);
    assertThat(lines).singleElement().satisfies(line -> assertThat(line).startsWith("{\"type\":\"ADDED\"")
        .contains("\"name\":\"raw-watched\""));
  }

  @Test
  void aggregatedDiscoveryAnswersWithItsMediaType() throws Exception {
    var response = ApiServerWithEmbeddedKube.http().send(ApiServerWithEmbeddedKube.request(
        KUBE.server().url() + "/apis").header("Accept",
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json").build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("Content-Type")).hasValue(
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    assertThat(response.body()).contains("\"kind\":\"APIGroupDiscoveryList\"", "\"subresource\":\"log\"");
  }

  private static Kubectl.Result ok(Kubectl.Result result) {
    assertThat(result.exitCode()).as("kubectl failed: %s", result.err()).isZero();
    return result;
  }

  private static Path manifest(String name, String namespace, String extraSpec) throws IOException {
    var file = Files.createTempFile(KUBE.home(), name, ".yaml");
    Files.writeString(file, """
        apiVersion: anvil.dev/v1alpha1
        kind: Job
        metadata: {name: %s, namespace: %s}
        spec:
        %s  template:
            spec:
              containers:
              - {name: main, image: busybox:1.36, command: [sh, -c, 'echo hi']}
        """.formatted(name, namespace, extraSpec));
    return file;
  }

  private static void create(String name, String namespace) throws IOException {
    // kubectl looks the namespace up after a NotFound in it; the embedded API has none until created
    KUBE.server().backing().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(namespace).endMetadata().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
    ok(KUBE.kubectl().run("create", "-f", manifest(name, namespace, "").toString()));
  }

  /** What the operator does when a Job succeeds, written straight to the backing API. */
  private static void setSucceeded(String namespace, String name) {
    var jobs = KUBE.server().backing().resources(Job.class).inNamespace(namespace).withName(name);
    var job = jobs.get();
    var status = job.getStatus() == null ? new dev.anvil.crds.v1alpha1.JobStatus() : job.getStatus();
    status.setPhase(dev.anvil.crds.v1alpha1.JobPhase.Succeeded);
    status.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus("True")
        .withReason("Completed").withMessage("done").withLastTransitionTime("2026-01-01T00:00:00Z").build()));
    job.setStatus(status);
    jobs.updateStatus(job);
  }

  private static List<String> lines(Process process) {
    var lines = new CopyOnWriteArrayList<String>();
    Kubectl.drain(process.getErrorStream());
    var reader = new Thread(() -> {
      try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "kubectl-watch-lines");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
