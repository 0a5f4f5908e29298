package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * {@code ?watch=true} as kube-apiserver serves it over plain HTTP: a chunked response of newline-delimited
 * {@code WatchEvent}s, each object as stored or as a one-row {@code Table}, fed by a Fabric8 watch on the backing API
 * (a WebSocket to the embedded mock, a watch to a real cluster) and ended by {@code timeoutSeconds}, the client
 * leaving or the backing watch ending.
 */
public final class WatchStreams {

  private static final Logger LOG = LoggerFactory.getLogger(WatchStreams.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** What the client asked for in the query. */
  public record Query(String resourceVersion, String labelSelector, String fieldSelector, Long timeoutSeconds,
      boolean allowBookmarks) {
  }

  private final CallerIdentity identity;
  private final TableConverter tables;
  private final ScheduledExecutorService timer;
  private final Duration maxTimeout;

  public WatchStreams(CallerIdentity identity, TableConverter tables, ScheduledExecutorService timer,
      Duration maxTimeout) {
    this.identity = identity;
    this.tables = tables;
    this.timer = timer;
    this.maxTimeout = maxTimeout;
  }

  /**
   * Opens the backing watch and answers with its events.
   *
   * @param table null for plain objects, else what each one-row table carries
   */
  public ResponseBodyEmitter open(ResourcePath path, Query query, TableConverter.IncludeObject table) {
    var resource = path.resource();
    var timeout = query.timeoutSeconds() == null || query.timeoutSeconds() <= 0 ? maxTimeout
        : Duration.ofSeconds(Math.min(query.timeoutSeconds(), maxTimeout.toSeconds()));
    // the emitter's own timeout is a backstop; the timer below ends the watch cleanly first
    var emitter = new ResponseBodyEmitter(timeout.toMillis() + 5_000);
    var context = new ResourceDefinitionContext.Builder().withGroup(resource.group()).withVersion(resource.version())
        .withPlural(resource.plural()).withKind(resource.kind()).withNamespaced(true).build();
    var options = new ListOptionsBuilder().withResourceVersion(emptyToNull(query.resourceVersion()))
        .withLabelSelector(emptyToNull(query.labelSelector())).withFieldSelector(emptyToNull(query.fieldSelector()))
        .withAllowWatchBookmarks(query.allowBookmarks()).build();
    var since = numeric(query.resourceVersion());
    var ended = new AtomicBoolean();
    var watchRef = new AtomicReference<Watch>();
    Runnable end = () -> {
      if (ended.compareAndSet(false, true)) {
        var watch = watchRef.get();
        if (watch != null) {
          watch.close();
        }
        try {
          emitter.complete();
        } catch (RuntimeException e) {
          LOG.debug("watch of {} already ended", path.collection(), e);
        }
      }
    };
    var watcher = new Watcher<GenericKubernetesResource>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource object) {
        var version = numeric(resourceVersionOf(object));
        if (ended.get() || (action == Action.ADDED && since > 0 && version > 0 && version <= since)) {
          // the embedded mock replays what exists when a watch starts; a client that listed first has seen it
          return;
        }
        JsonNode json = SERIALIZATION.convertValue(object, JsonNode.class);
        if (table != null && action != Action.BOOKMARK && action != Action.ERROR) {
          json = tables.table(resource, json, table, true);
        }
        send(action.name(), json);
      }

      @Override
      public void onClose(WatcherException cause) {
        if (cause != null && !ended.get()) {
          var status = cause.asClientException().getStatus();
          if (status == null) {
            status = new StatusBuilder().withStatus("Failure").withCode(cause.isHttpGone() ? 410 : 500)
                .withReason(cause.isHttpGone() ? "Expired" : "InternalError").withMessage(cause.getMessage()).build();
          }
          status.setApiVersion("v1");
          status.setKind("Status");
          send("ERROR", SERIALIZATION.convertValue(status, JsonNode.class));
        }
        end.run();
      }

      @Override
      public void onClose() {
        end.run();
      }

      private synchronized void send(String type, JsonNode object) {
        var event = JsonNodeFactory.instance.objectNode();
        event.put("type", type);
        event.set("object", object);
        var line = KubeJson.write(event);
        var withNewline = new byte[line.length + 1];
        System.arraycopy(line, 0, withNewline, 0, line.length);
        withNewline[line.length] = '\n';
        try {
          emitter.send(withNewline, MediaType.APPLICATION_JSON);
        } catch (IOException | IllegalStateException e) {
          // the client went away
          end.run();
        }
      }
    };
    try {
      var client = identity.client().genericKubernetesResources(context);
      var watch = path.namespace() == null ? client.inAnyNamespace().watch(options, watcher)
          : client.inNamespace(path.namespace()).watch(options, watcher);
      watchRef.set(watch);
    } catch (KubernetesClientException e) {
      throw BackingErrors.of(e, path);
    }
    if (ended.get()) {
      watchRef.get().close();
    }
    try {
      // commits the response headers now: the client knows the watch is open before the first event
      emitter.send(new byte[0], MediaType.APPLICATION_JSON);
    } catch (IOException e) {
      end.run();
    }
    var timeoutTask = timer.schedule(end, timeout.toMillis(), TimeUnit.MILLISECONDS);
    emitter.onCompletion(() -> {
      timeoutTask.cancel(false);
      end.run();
    });
    emitter.onTimeout(end);
    emitter.onError(error -> end.run());
    return emitter;
  }

  private static String resourceVersionOf(GenericKubernetesResource object) {
    return object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
  }

  /** A resource version as a number, or 0 when it is absent or opaque (then nothing is filtered). */
  private static long numeric(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
