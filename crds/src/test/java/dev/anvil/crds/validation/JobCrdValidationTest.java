package dev.anvil.crds.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.crds.v1alpha1.Executor;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.JobSpec;
import dev.anvil.crds.v1alpha1.RetryPolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobCrdValidationTest {

  private static final CrdValidator JOBS = CrdValidator.forResource("jobs.anvil.dev");

  static final String POD_JOB = """
      apiVersion: anvil.dev/v1alpha1
      kind: Job
      metadata:
        name: build-42
        namespace: ci
        labels:
          app.kubernetes.io/name: build
      spec:
        executor: Pod
        activeDeadlineSeconds: 3600
        attemptDeadlineSeconds: 600
        retry:
          limit: 3
          backoff: {initial: 10s, factor: 2, max: 5m}
          reasons: [Failed, Evicted]
          exitCodes: {operator: In, values: [1, 2, 137]}
        template:
          metadata:
            labels: {team: ci}
          spec:
            containers:
            - name: main
              image: busybox:1.36
              command: [sh, -c, "echo hi"]
              resources:
                limits: {cpu: 500m, memory: 128Mi}
                requests: {cpu: 1}
      """;

  static final String AGENT_JOB = """
      apiVersion: anvil.dev/v1alpha1
      kind: Job
      metadata:
        name: fw-update
      spec:
        executor: Agent
        agent:
          datacenter: fra1
          command: [/usr/bin/fwupdmgr, update]
          env:
          - {name: MODE, value: fast}
          - name: TOKEN
            secretKeyRef: {name: fw, key: token}
        priority: -5
        suspend: false
      """;

  @Test
  void podJobWithTemplateIsValid() {
    assertThat(JOBS.validate(Yaml.parse(POD_JOB))).isEmpty();
  }

  @Test
  void agentJobWithCommandIsValid() {
    assertThat(JOBS.validate(Yaml.parse(AGENT_JOB))).isEmpty();
  }

  @Test
  void typedJobIsValidatedThroughItsJson() {
    var job = new Job();
    job.setMetadata(new ObjectMetaBuilder().withName("typed").withNamespace("ci").build());
    var spec = new JobSpec();
    spec.setExecutor(Executor.Pod.name());
    spec.setTemplate(new PodTemplateSpecBuilder().withNewSpec().addNewContainer().withName("main").withImage("busybox")
        .endContainer().endSpec().build());
    var retry = new RetryPolicy();
    retry.setLimit(1000);
    spec.setRetry(retry);
    job.setSpec(spec);

    assertThat(CrdValidator.forResource(Job.class).validate(job))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.field()).isEqualTo("spec.retry.limit");
          assertThat(e.message()).isEqualTo("Invalid value: 1000: spec.retry.limit in body should be less than or equal to 100");
        });
  }

  static Stream<Arguments> badJobs() {
    return Stream.of(
        bad("Pod executor without template", "/spec/template", null,
            FieldError.Type.FieldValueInvalid, "spec", "spec.template is required when executor is Pod"),
        bad("agent with command and script", "/spec", """
            {"executor": "Agent", "agent": {"command": ["true"], "script": "true"}}""",
            FieldError.Type.FieldValueInvalid, "spec.agent", "set exactly one of agent.command or agent.script"),
        bad("unknown executor", "/spec/executor", "\"Lambda\"",
            FieldError.Type.FieldValueNotSupported, "spec.executor", "Unsupported value: \"Lambda\": supported values: \"Agent\", \"Pod\""),
        bad("retry limit above 100", "/spec/retry/limit", "1000",
            FieldError.Type.FieldValueInvalid, "spec.retry.limit", "should be less than or equal to 100"),
        bad("negative ttl", "/spec/ttlSecondsAfterFinished", "-1",
            FieldError.Type.FieldValueInvalid, "spec.ttlSecondsAfterFinished", "should be greater than or equal to 0"),
        bad("backoff that is not a duration", "/spec/retry/backoff/initial", "\"ten\"",
            FieldError.Type.FieldValueInvalid, "spec.retry.backoff.initial", "should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'"),
        bad("attempt deadline past the job deadline", "/spec/attemptDeadlineSeconds", "7200",
            FieldError.Type.FieldValueInvalid, "spec", "spec.attemptDeadlineSeconds must not exceed spec.activeDeadlineSeconds"),
        bad("exit code 0", "/spec/retry/exitCodes/values", "[0, 1]",
            FieldError.Type.FieldValueInvalid, "spec.retry.exitCodes.values[0]", "greater than or equal to 1"),
        bad("exit code rule without operator", "/spec/retry/exitCodes/operator", null,
            FieldError.Type.FieldValueRequired, "spec.retry.exitCodes.operator", "Required value"),
        bad("suspend as a string", "/spec/suspend", "\"yes\"",
            FieldError.Type.FieldValueTypeInvalid, "spec.suspend", "Invalid value: \"yes\": spec.suspend in body must be of type boolean: \"string\""),
        bad("fractional retry limit", "/spec/retry/limit", "1.5",
            FieldError.Type.FieldValueTypeInvalid, "spec.retry.limit", "must be of type integer: \"number\""),
        bad("unknown retry field", "/spec/retry/limits", "3",
            FieldError.Type.FieldValueForbidden, "spec.retry.limits", "field not declared in schema"),
        bad("unknown container field", "/spec/template/spec/containers/0/imagePullPolicyy", "\"Always\"",
            FieldError.Type.FieldValueForbidden, "spec.template.spec.containers[0].imagePullPolicyy", "field not declared in schema"),
        bad("container port as a string", "/spec/template/spec/containers/0/ports", "[{containerPort: http}]",
            FieldError.Type.FieldValueTypeInvalid, "spec.template.spec.containers[0].ports[0].containerPort",
            "must be of type integer: \"string\""),
        bad("cpu limit that is neither integer nor string", "/spec/template/spec/containers/0/resources/limits/cpu", "true",
            FieldError.Type.FieldValueTypeInvalid, "spec.template.spec.containers[0].resources.limits[cpu]",
            "must be of type integer,string: \"boolean\""),
        bad("retry reason that does not exist", "/spec/retry/reasons/1", "\"Timeout\"",
            FieldError.Type.FieldValueNotSupported, "spec.retry.reasons[1]", "Unsupported value: \"Timeout\""),
        bad("name with capitals", "/metadata/name", "\"Build_42\"",
            FieldError.Type.FieldValueInvalid, "metadata.name", "a lowercase RFC 1123 subdomain must consist of"),
        bad("no name", "/metadata/name", null,
            FieldError.Type.FieldValueRequired, "metadata.name", "name or generateName is required"),
        bad("bad label value", "/metadata/labels/app.kubernetes.io~1name", "\"-build\"",
            FieldError.Type.FieldValueInvalid, "metadata.labels[app.kubernetes.io/name]", "a valid label must be"),
        bad("wrong version", "/apiVersion", "\"anvil.dev/v9\"",
            FieldError.Type.FieldValueNotSupported, "apiVersion", "supported values: \"anvil.dev/v1alpha1\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJobs")
  void badJobIsRejectedAtTheOffendingField(String description, String pointer, String json, FieldError.Type type,
      String field, String message) {
    var job = withChange(Yaml.parse(POD_JOB), pointer, json);

    var errors = JOBS.validate(job);

    assertThat(errors).as(description).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(type);
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.message()).contains(message);
    });
  }

  @Test
  void negativeActiveDeadlineFailsItsMinimumAndTheDeadlineRule() {
    var job = withChange(Yaml.parse(POD_JOB), "/spec/activeDeadlineSeconds", "-1");

    assertThat(JOBS.validate(job)).extracting(FieldError::field, FieldError::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("spec.activeDeadlineSeconds",
            "Invalid value: -1: spec.activeDeadlineSeconds in body should be greater than or equal to 1"),
        org.assertj.core.groups.Tuple.tuple("spec",
            "Invalid value: \"object\": spec.attemptDeadlineSeconds must not exceed spec.activeDeadlineSeconds"));
  }

  @Test
  void agentJobWithoutAgentFailsTheSpecRule() {
    var job = Yaml.parse(AGENT_JOB);
    ((com.fasterxml.jackson.databind.node.ObjectNode) job.get("spec")).remove("agent");

    assertThat(JOBS.validate(job)).extracting(FieldError::field, FieldError::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("spec",
            "Invalid value: \"object\": spec.agent is required when executor is Agent"));
  }

  @Test
  void unknownFieldsAreReportedApartAndPruned() {
    var job = withChange(withChange(Yaml.parse(POD_JOB), "/spec/retry/limits", "3"), "/spec/executor", null);

    var report = JOBS.check(job, null);

    assertThat(report.errors()).isEmpty();
    assertThat(report.unknownFields()).containsExactly("spec.retry.limits");
    assertThat(report.warnings()).containsExactly("unknown field \"spec.retry.limits\"");
    var pruned = JOBS.pruneAndDefault(job);
    assertThat(pruned.at("/spec/retry").has("limits")).isFalse();
    assertThat(pruned.at("/spec/retry/limit").asInt()).isEqualTo(3);
    assertThat(pruned.at("/spec/executor").asText()).as("defaulted").isEqualTo("Pod");
    assertThat(job.at("/spec/retry").has("limits")).as("the input is left alone").isTrue();
  }

  @Test
  void severalErrorsAreAllReported() {
    var job = withChange(withChange(Yaml.parse(POD_JOB), "/spec/retry/limit", "-1"), "/spec/priority", "5000");

    assertThat(JOBS.validate(job)).extracting(FieldError::field)
        .containsExactlyInAnyOrder("spec.retry.limit", "spec.priority");
  }

  private static Arguments bad(String description, String pointer, String json, FieldError.Type type, String field,
      String message) {
    return Arguments.of(description, pointer, json, type, field, message);
  }

  /** Sets (or, with null json, removes) the value at a JSON pointer, creating parent objects as needed. */
  static JsonNode withChange(JsonNode object, String pointer, String json) {
    var slash = pointer.lastIndexOf('/');
    var parentPointer = com.fasterxml.jackson.core.JsonPointer.compile(pointer.substring(0, slash));
    var name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    var parent = parentPointer.matches() ? object : object.at(parentPointer);
    if (parent.isArray()) {
      var array = (com.fasterxml.jackson.databind.node.ArrayNode) parent;
      array.set(Integer.parseInt(name), Yaml.parse(json));
    } else if (json == null) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove(name);
    } else {
      ((com.fasterxml.jackson.databind.node.ObjectNode) parent).set(name, Yaml.parse(json));
    }
    return object;
  }
}
