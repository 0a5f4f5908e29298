package dev.anvil.apiserver.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.apiserver.kube.ApiStatusException;
import dev.anvil.apiserver.security.KubeStatus;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.protocol.bus.BusKeys;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET .../namespaces/{ns}/bmchosts/{name}/history?since=6h}: the host's recent observations (the stream
 * {@link BusKeys#bmcHistory} the hub appends to) as a {@code BmcHostHistory}, oldest first, each entry's JSON as
 * stored. Authorised as {@code get bmchosts/history} by {@code kube.ResourceAuthorization}.
 */
@RestController
public class BmcHostHistoryController {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final StatefulRedisConnection<String, String> redis;
  private final Clock clock;

  public BmcHostHistoryController(KubernetesClient client, StatefulRedisConnection<String, String> routeRedisConnection) {
    this.client = client;
    this.redis = routeRedisConnection;
    this.clock = Clock.systemUTC();
  }

  @GetMapping(path = "/apis/anvil.dev/v1alpha1/namespaces/{namespace}/bmchosts/{name}/history",
      produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> history(@PathVariable String namespace, @PathVariable String name,
      @RequestParam(required = false) String since) throws JsonProcessingException {
    var window = HistoryWindow.parse(since);
    var host = client.resources(BmcHost.class).inNamespace(namespace).withName(name).get();
    if (host == null) {
      throw new ApiStatusException(KubeStatus.failure(404, "NotFound", "bmchosts.anvil.dev \"" + name
          + "\" not found", new StatusDetailsBuilder().withName(name).withGroup("anvil.dev").withKind("bmchosts")
          .build()));
    }
    // stream ids are the hub's Redis time of each append: the window is an id range, read in one XRANGE (the
    // stream is capped at BMC_HISTORY_LENGTH entries)
    var from = Long.toString(clock.millis() - window.toMillis());
    java.util.List<io.lettuce.core.StreamMessage<String, String>> entries;
    try {
      entries = redis.async().xrange(BusKeys.bmcHistory(host.getMetadata().getUid()), Range.from(Range.Boundary.including(from), Range.Boundary.unbounded()))
          .get(redis.getTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiStatusException.unavailable("interrupted while reading the host's history");
    } catch (ExecutionException | TimeoutException | RedisException e) {
      throw ApiStatusException.unavailable("the host's history in the central Redis is unreachable");
    }
    var list = JSON.createObjectNode();
    list.put("apiVersion", "anvil.dev/v1alpha1");
    list.put("kind", "BmcHostHistory");
    list.putObject("metadata");
    var items = list.putArray("items");
    for (var entry : entries) {
      var stored = entry.getBody().get("entry");
      if (stored != null) {
        items.add(JSON.readTree(stored)); // written by the hub's BmcHistoryEntry: always an object
      }
    }
    // a String body: Spring Boot 4's converters are Jackson 3's, these nodes are Jackson 2's
    return ResponseEntity.ok(JSON.writeValueAsString(list));
  }
}
