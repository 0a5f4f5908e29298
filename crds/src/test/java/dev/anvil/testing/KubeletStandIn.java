package dev.anvil.testing;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves Pods through Pending → Running → Succeeded/Failed the way a kubelet would, since none runs here.
 *
 * <p>What a Pod does is read from its annotations: {@value #EXIT_CODES} is a comma-separated list, one entry per
 * attempt (the {@code anvil.dev/attempt} label picks it; the last entry repeats): a number is the exit code,
 * {@code evict} evicts the Pod, {@code hang} keeps it running until deleted or past its activeDeadlineSeconds.
 * {@value #RUN_MILLIS} is how long it runs (default 0).
 */
public final class KubeletStandIn implements AutoCloseable {

  public static final String EXIT_CODES = "kubelet.anvil.dev/exit-codes";
  public static final String RUN_MILLIS = "kubelet.anvil.dev/run-millis";
  private static final String ATTEMPT_LABEL = "anvil.dev/attempt";

  private final KubernetesClient client;
  private final String nodeName;
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
    var t = new Thread(r, "kubelet-stand-in");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final SharedIndexInformer<Pod> informer;

  /** Starts serving every Pod of the API that {@code client} talks to. */
  public KubeletStandIn(KubernetesClient client) {
    this(client, "stand-in-node");
  }

  public KubeletStandIn(KubernetesClient client, String nodeName) {
    this.client = client;
    this.nodeName = nodeName;
    this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        admit(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          stop(pod);
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknownFinalState) {
        stop(pod);
      }
    });
  }

  /** How many Pods this stand-in has started so far. */
  public long started() {
    return started.get();
  }

  private void admit(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getPhase() != null && !"Pending".equals(pod.getStatus().getPhase())) {
      return; // already run (e.g. the stand-in restarted)
    }
    var key = key(pod);
    var behaviour = behaviourOf(pod);
    var runMillis = Long.parseLong(annotation(pod, RUN_MILLIS, "0"));
    started.incrementAndGet();
    running.put(key, timers.schedule(() -> {
      writeRunning(pod);
      switch (behaviour) {
        case "hang" -> {
          var deadline = pod.getSpec().getActiveDeadlineSeconds();
          if (deadline != null) {
            running.put(key, timers.schedule(() -> finish(pod, "Failed", "DeadlineExceeded", null), deadline,
                TimeUnit.SECONDS));
          }
        }
        case "evict" -> running.put(key, timers.schedule(() -> finish(pod, "Failed", "Evicted", null), runMillis,
            TimeUnit.MILLISECONDS));
        default -> {
          int exit = Integer.parseInt(behaviour.trim());
          running.put(key, timers.schedule(() -> finish(pod, exit == 0 ? "Succeeded" : "Failed", null, exit),
              runMillis, TimeUnit.MILLISECONDS));
        }
      }
    }, 0, TimeUnit.MILLISECONDS));
  }

  private static String behaviourOf(Pod pod) {
    var entries = List.of(annotation(pod, EXIT_CODES, "0").split(","));
    var labels = pod.getMetadata().getLabels();
    int attempt = labels == null ? 1 : Integer.parseInt(labels.getOrDefault(ATTEMPT_LABEL, "1"));
    return entries.get(Math.min(attempt, entries.size()) - 1).trim();
  }

  private static String annotation(Pod pod, String key, String fallback) {
    var annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? fallback : annotations.getOrDefault(key, fallback);
  }

  private void writeRunning(Pod pod) {
    var now = Instant.now().toString();
    var statuses = pod.getSpec().getContainers().stream()
        .map(c -> new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(true)
            .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now).endRunning().build())
            .build())
        .toList();
    writeStatus(pod, new PodStatusBuilder().withPhase("Running").withStartTime(now).withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1").withContainerStatuses(statuses).build());
  }

  private void finish(Pod pod, String phase, String reason, Integer exitCode) {
    running.remove(key(pod));
    var now = Instant.now().toString();
    List<ContainerStatus> statuses = exitCode == null ? List.of() : pod.getSpec().getContainers().stream()
        .map(c -> new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(false)
            .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error").withStartedAt(now).withFinishedAt(now)
                .endTerminated().build())
            .build())
        .toList();
    var status = new PodStatusBuilder().withPhase(phase).withReason(reason).withContainerStatuses(statuses);
    if (reason != null) {
      status.withMessage("kubelet stand-in: " + reason);
    }
    writeStatus(pod, status.build());
  }

  private void writeStatus(Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
    try {
      var current = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
      if (current == null || current.getMetadata().getDeletionTimestamp() != null) {
        return;
      }
      current.getSpec().setNodeName(nodeName);
      current.setStatus(status);
      client.pods().resource(current).patchStatus();
    } catch (KubernetesClientException e) {
      // the Pod was deleted meanwhile: nothing left to run
    }
  }

  private void stop(Pod pod) {
    var task = running.remove(key(pod));
    if (task != null) {
      task.cancel(false);
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  @Override
  public void close() {
    informer.close();
    timers.shutdownNow();
  }
}
