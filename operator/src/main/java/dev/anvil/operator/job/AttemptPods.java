package dev.anvil.operator.job;

import dev.anvil.crds.v1alpha1.Job;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;

/** Names and builds the Pod of one attempt: deterministic, so a repeated create finds the Pod already there. */
public final class AttemptPods {

  /** Label on every attempt Pod: the uid of the Job that owns it. */
  public static final String JOB_UID_LABEL = "anvil.dev/job-uid";
  /** Label on every attempt Pod: its attempt number. */
  public static final String ATTEMPT_LABEL = "anvil.dev/attempt";
  /** Annotation on every attempt Pod: the name of the Job that owns it (names may be longer than a label value). */
  public static final String JOB_NAME_ANNOTATION = "anvil.dev/job-name";

  private static final int MAX_NAME = 253;
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private AttemptPods() {
  }

  /** The Pod name of attempt {@code attempt} of Job {@code jobName}: {@code <job>-<attempt>}, shortened with a hash. */
  public static String name(String jobName, int attempt) {
    var suffix = "-" + attempt;
    if (jobName.length() + suffix.length() <= MAX_NAME) {
      return jobName + suffix;
    }
    var hash = sha256(jobName).substring(0, 8);
    return jobName.substring(0, MAX_NAME - suffix.length() - hash.length() - 1) + "-" + hash + suffix;
  }

  /** The attempt number a Pod belongs to, or -1 when it carries no attempt label. */
  public static int attemptOf(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    var value = labels == null ? null : labels.get(ATTEMPT_LABEL);
    try {
      return value == null ? -1 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Builds the Pod of {@code attempt} from the Job's template, owned by the Job. */
  public static Pod build(Job job, int attempt, Long deadlineSeconds) {
    var template = job.getSpec().getTemplate();
    var templateMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    var spec = SERIALIZATION.clone(template.getSpec());
    spec.setRestartPolicy("Never");
    spec.setActiveDeadlineSeconds(deadlineSeconds);
    addAttemptEnv(spec, job, attempt);

    var labels = new LinkedHashMap<String, String>();
    if (templateMeta.getLabels() != null) {
      labels.putAll(templateMeta.getLabels());
    }
    labels.put(JOB_UID_LABEL, job.getMetadata().getUid());
    labels.put(ATTEMPT_LABEL, Integer.toString(attempt));
    var annotations = new LinkedHashMap<String, String>();
    if (templateMeta.getAnnotations() != null) {
      annotations.putAll(templateMeta.getAnnotations());
    }
    annotations.put(JOB_NAME_ANNOTATION, job.getMetadata().getName());

    var meta = new ObjectMeta();
    meta.setName(name(job.getMetadata().getName(), attempt));
    meta.setNamespace(job.getMetadata().getNamespace());
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(new OwnerReferenceBuilder()
        .withApiVersion(job.getApiVersion()).withKind(job.getKind()).withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).build()));
    var pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(spec);
    return pod;
  }

  private static void addAttemptEnv(PodSpec spec, Job job, int attempt) {
    for (var container : spec.getContainers()) {
      var env = new ArrayList<EnvVar>();
      if (container.getEnv() != null) {
        env.addAll(container.getEnv());
      }
      env.add(new EnvVar("ANVIL_JOB_NAME", job.getMetadata().getName(), null));
      env.add(new EnvVar("ANVIL_ATTEMPT", Integer.toString(attempt), null));
      container.setEnv(env);
    }
  }

  private static String sha256(String text) {
    try {
      var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
