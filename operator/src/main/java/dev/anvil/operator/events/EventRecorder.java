package dev.anvil.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events on resources, off the reconcile thread. Events are best-effort, as in Kubernetes:
 * when the API is slow and the queue fills up, further events are dropped and counted, never blocking a reconcile.
 */
public class EventRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "anvil-operator";

  private final KubernetesClient client;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(10_000), r -> {
        var t = new Thread(r, "event-recorder");
        t.setDaemon(true);
        return t;
      }, (task, pool) -> dropped.incrementAndGet());

  public EventRecorder(KubernetesClient client, String instance) {
    this.client = client;
    this.instance = instance;
  }

  public void normal(HasMetadata on, String reason, String message) {
    record(on, "Normal", reason, message);
  }

  public void warning(HasMetadata on, String reason, String message) {
    record(on, "Warning", reason, message);
  }

  /** How many events were dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  private void record(HasMetadata on, String type, String reason, String message) {
    var meta = on.getMetadata();
    var now = Instant.now().toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(meta.getName() + "." + Long.toHexString(System.nanoTime()) + Long.toHexString(sequence.incrementAndGet()))
        .withNamespace(meta.getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(on.getApiVersion()).withKind(on.getKind()).withName(meta.getName())
        .withNamespace(meta.getNamespace()).withUid(meta.getUid())
        .endInvolvedObject()
        .withType(type).withReason(reason).withMessage(truncate(message))
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent("anvil.dev/operator").withReportingInstance(instance)
        .build();
    writer.execute(() -> {
      try {
        client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
      } catch (KubernetesClientException e) {
        LOG.debug("could not record event {} on {}/{}: {}", reason, meta.getNamespace(), meta.getName(), e.getMessage());
      }
    });
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
