package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.crds.v1alpha1.ApprovalNode;
import dev.anvil.crds.v1alpha1.StepPhase;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.v1alpha1.WorkflowNode;
import dev.anvil.crds.v1alpha1.WorkflowNodeState;
import dev.anvil.crds.v1alpha1.WorkflowSpec;
import dev.anvil.crds.v1alpha1.WorkflowStatus;
import dev.anvil.protocol.bus.CentralRedisClient;
import dev.anvil.protocol.deadletter.DeadLetter;
import dev.anvil.protocol.deadletter.DeadLetterQueue;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter routes through the booted apiserver (and kubectl): entries the operator's queue recorded in the real
 * Redis, listed per Workflow and per namespace in pages, and replays requested as the Workflow's annotation.
 */
class DeadLetterRoutesIT {

  private static final String BASE = "/apis/anvil.dev/v1alpha1/namespaces/";

  @RegisterExtension
  static final KubectlFixture KUBE = new KubectlFixture();

  private static RedisClient redis;
  private static StatefulRedisConnection<String, String> connection;
  private static DeadLetterQueue queue;

  @BeforeAll
  static void connect() {
    redis = CentralRedisClient.create(KUBE.server().redisUri(), Duration.ofSeconds(5));
    connection = redis.connect();
    queue = new DeadLetterQueue(connection, Clock.systemUTC());
  }

  @AfterAll
  static void disconnect() {
    connection.close();
    redis.shutdown();
  }

  @Test
  void aWorkflowsEntriesAreListedNewestFirstAndTheNamespacesInPages() throws Exception {
    workflow("ops", "nightly", List.of("a", "c"), List.of());
    var a = queue.record(letter("ops", "nightly", "a"));
    var b = queue.record(letter("ops", "weekly", "b"));
    var c = queue.record(letter("ops", "nightly", "c"));
    queue.record(letter("elsewhere", "nightly", "a"));
    queue.markReplayed(a, "anvil.dev/replay");

    var raw = KUBE.kubectl().run("get", "--raw", BASE + "ops/workflows/nightly/deadletters");
    assertThat(raw.exitCode()).as(raw.err()).isZero();
    var list = json(raw.out());
    assertThat(list).containsEntry("apiVersion", "anvil.dev/v1alpha1").containsEntry("kind", "DeadLetterList");
    assertThat(ids(list)).containsExactly(c, a);
    var newest = items(list).get(0);
    assertThat(newest).containsEntry("workflow", "nightly").containsEntry("node", "c")
        .containsEntry("nodeType", "http").containsEntry("execution", 1).containsEntry("attempts", 4)
        .containsEntry("reason", "HttpError").containsEntry("message", "POST https://hooks.example.com answered 503")
        .containsEntry("replayed", false).containsEntry("lastAttempt", "2026-11-23T06:58:30Z")
        .containsEntry("inputs", "{\"url\":\"https://hooks.example.com\",\"method\":\"POST\"}").containsKey("time");
    assertThat(items(list).get(1)).containsEntry("replayed", true).containsEntry("replayedBy", "anvil.dev/replay")
        .containsKey("replayedAt");

    var first = json(get(BASE + "ops/deadletters?limit=2", ApiServerWithEmbeddedKube.TOKEN).body());
    assertThat(ids(first)).containsExactly(c, b);
    var token = (String) ((Map<?, ?>) first.get("metadata")).get("continue");
    assertThat(token).isNotBlank();
    queue.record(letter("ops", "nightly", "newer")); // a new entry does not shift the next page
    var second = KUBE.kubectl().run("get", "--raw", BASE + "ops/deadletters?limit=2&continue=" + token);
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(ids(json(second.out()))).containsExactly(a);
    assertThat(((Map<?, ?>) json(second.out()).get("metadata")).containsKey("continue")).isFalse();
    assertThat(ids(json(get(BASE + "ops/deadletters", ApiServerWithEmbeddedKube.TOKEN).body()))).hasSize(4);
  }

  @Test
  void listingRefusesBadQueriesUnknownWorkflowsAndOtherNamespaces() throws Exception {
    workflow("team-a", "mine", List.of("a"), List.of());
    var badToken = get(BASE + "ops/deadletters?continue=garbage", ApiServerWithEmbeddedKube.TOKEN);
    assertThat(badToken.statusCode()).isEqualTo(400);
    assertThat(badToken.body()).contains("\"kind\":\"Status\"", "continue key is not valid");
    assertThat(get(BASE + "ops/deadletters?limit=-1", ApiServerWithEmbeddedKube.TOKEN).statusCode()).isEqualTo(400);
    var missing = get(BASE + "ops/workflows/nope/deadletters", ApiServerWithEmbeddedKube.TOKEN);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("workflows.anvil.dev \\\"nope\\\" not found");

    var team = ApiServerWithEmbeddedKube.TEAM_A_TOKEN;
    assertThat(get(BASE + "team-a/deadletters", team).statusCode()).isEqualTo(200);
    assertThat(get(BASE + "team-a/workflows/mine/deadletters", team).statusCode()).isEqualTo(200);
    var otherNamespace = get(BASE + "ops/deadletters", team);
    assertThat(otherNamespace.statusCode()).isEqualTo(403);
    assertThat(otherNamespace.body()).contains("cannot list resource \\\"workflows/deadletters\\\"",
        "in the namespace \\\"ops\\\"");
    var viaKubectl = KUBE.kubectl().run("--token=" + team, "get", "--raw", BASE + "ops/workflows/nightly/deadletters");
    assertThat(viaKubectl.exitCode()).isNotZero();
    assertThat(viaKubectl.err()).contains("Forbidden");
  }

  @Test
  void replayAsksForDeadLetteredNodesMergingWithAPendingRequest() throws Exception {
    workflow("ops", "etl", List.of("a", "b", "c", "d"), List.of(new WorkflowNodeState("a", StepPhase.DeadLettered),
        new WorkflowNodeState("b", StepPhase.DeadLettered), new WorkflowNodeState("c", StepPhase.Running)));
    var path = BASE + "ops/workflows/etl/replay";

    var first = post(path, "{\"nodes\": [\"a\"]}", ApiServerWithEmbeddedKube.TOKEN);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(annotation("ops", "etl")).isEqualTo("a");
    var body = KUBE.home().resolve("replay-b.json");
    Files.writeString(body, "{\"nodes\": [\"b\"]}");
    var viaKubectl = KUBE.kubectl().run("create", "--raw", path, "-f", body.toString());
    assertThat(viaKubectl.exitCode()).as(viaKubectl.err()).isZero();
    assertThat(json(viaKubectl.out())).containsEntry("kind", "ReplayRequest").containsEntry("annotation", "a,b");
    assertThat(annotation("ops", "etl")).as("the waiting request is kept").isEqualTo("a,b");

    var running = post(path, "{\"nodes\": [\"c\"]}", ApiServerWithEmbeddedKube.TOKEN);
    assertThat(running.statusCode()).isEqualTo(409);
    assertThat(running.body()).contains("node c has no dead letter waiting for replay (it is Running)");
    assertThat(post(path, "{\"nodes\": [\"d\"]}", ApiServerWithEmbeddedKube.TOKEN).body()).contains("(it has not run)");
    var unknown = post(path, "{\"nodes\": [\"a\", \"ghost\"]}", ApiServerWithEmbeddedKube.TOKEN);
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.body()).contains("Workflow.anvil.dev \\\"etl\\\" is invalid: nodes[1]: Not found: \\\"ghost\\\"");
    assertThat(annotation("ops", "etl")).as("a refused request changes nothing").isEqualTo("a,b");

    var all = post(path, "{\"all\": true}", ApiServerWithEmbeddedKube.TOKEN);
    assertThat(all.statusCode()).isEqualTo(202);
    assertThat(json(all.body())).containsEntry("nodes", List.of("a", "b"));
    assertThat(annotation("ops", "etl")).isEqualTo("all");
  }

  @Test
  void replayRefusesBadBodiesUnknownWorkflowsNothingToReplayAndReaders() throws Exception {
    workflow("ops", "done", List.of("a"), List.of(new WorkflowNodeState("a", StepPhase.Succeeded)));
    workflow("team-a", "theirs", List.of("a"), List.of(new WorkflowNodeState("a", StepPhase.DeadLettered)));
    var path = BASE + "ops/workflows/done/replay";
    var admin = ApiServerWithEmbeddedKube.TOKEN;

    assertThat(post(path, "not json", admin).statusCode()).isEqualTo(400);
    assertThat(post(path, "{\"nodes\": \"a\"}", admin).statusCode()).isEqualTo(400);
    assertThat(post(path, "{\"all\": \"yes\"}", admin).statusCode()).isEqualTo(400);
    var empty = post(path, "{\"nodes\": []}", admin);
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body()).contains("nodes: Required value");
    assertThat(post(path, "", admin).statusCode()).isEqualTo(422);
    assertThat(post(path, "{\"nodes\": [\" \"]}", admin).body()).contains("nodes[0]: Required value");
    assertThat(post(path, "{\"nodes\": [\"a\"], \"all\": true}", admin).statusCode()).isEqualTo(422);
    var nothing = post(path, "{\"all\": true}", admin);
    assertThat(nothing.statusCode()).isEqualTo(409);
    assertThat(nothing.body()).contains("no node is dead-lettered, nothing to replay");
    assertThat(post(BASE + "ops/workflows/nope/replay", "{\"all\": true}", admin).statusCode()).isEqualTo(404);

    var reader = post(BASE + "team-a/workflows/theirs/replay", "{\"all\": true}",
        ApiServerWithEmbeddedKube.TEAM_A_TOKEN);
    assertThat(reader.statusCode()).isEqualTo(403);
    assertThat(reader.body()).contains("cannot create resource \\\"workflows/replay\\\"");
    assertThat(annotation("team-a", "theirs")).isNull();

    var discovery = KUBE.kubectl().run("get", "--raw", "/apis/anvil.dev/v1alpha1");
    assertThat(discovery.out()).contains("\"name\":\"workflows/deadletters\"", "\"name\":\"workflows/replay\"");
  }

  private static void workflow(String namespace, String name, List<String> nodes, List<WorkflowNodeState> states) {
    var workflow = new Workflow();
    workflow.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    var spec = new WorkflowSpec();
    spec.setNodes(new ArrayList<>(nodes.stream().map(node -> {
      var approval = new WorkflowNode(node);
      approval.setApproval(new ApprovalNode());
      return approval;
    }).toList()));
    workflow.setSpec(spec);
    var created = KUBE.server().backing().resource(workflow).create();
    if (!states.isEmpty()) {
      var status = new WorkflowStatus();
      status.setNodes(new ArrayList<>(states));
      created.setStatus(status);
      KUBE.server().backing().resource(created).updateStatus();
    }
  }

  private static String annotation(String namespace, String name) {
    var stored = KUBE.server().backing().resources(Workflow.class).inNamespace(namespace).withName(name).get();
    var annotations = stored.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Workflow.REPLAY_ANNOTATION);
  }

  private static DeadLetter letter(String namespace, String workflow, String node) {
    return new DeadLetter(namespace, workflow, "uid-" + workflow, node, "http", 1,
        "{\"url\":\"https://hooks.example.com\",\"method\":\"POST\"}", "HttpError",
        "POST https://hooks.example.com answered 503", 4, Instant.parse("2026-11-23T06:50:00Z"),
        Instant.parse("2026-11-23T06:58:30Z"));
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    var request = ApiServerWithEmbeddedKube.request(KUBE.server().url() + path)
        .setHeader("Authorization", "Bearer " + token).GET().build();
    return ApiServerWithEmbeddedKube.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body, String token) throws Exception {
    var request = ApiServerWithEmbeddedKube.request(KUBE.server().url() + path)
        .setHeader("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return ApiServerWithEmbeddedKube.http().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String body) {
    return Serialization.unmarshal(body, Map.class);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> items(Map<String, Object> list) {
    return (List<Map<String, Object>>) list.get("items");
  }

  private static List<String> ids(Map<String, Object> list) {
    return items(list).stream().map(item -> (String) item.get("id")).toList();
  }
}
