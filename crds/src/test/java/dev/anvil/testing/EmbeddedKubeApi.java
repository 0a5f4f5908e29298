package dev.anvil.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The Fabric8 mock API server in CRUD mode with Anvil's generated CRDs installed: the Kubernetes API of every test. */
public final class EmbeddedKubeApi implements AutoCloseable {

  /** The generated CRDs, as the crd-generator names them on the classpath. */
  public static final List<String> CRD_RESOURCES = List.of(
      "META-INF/fabric8/jobs.anvil.dev-v1.yml",
      "META-INF/fabric8/pipelines.anvil.dev-v1.yml",
      "META-INF/fabric8/workflows.anvil.dev-v1.yml",
      "META-INF/fabric8/bmchosts.anvil.dev-v1.yml");

  // The mock server logs a line per request through java.util.logging, which floods the output and slows the server.
  // java.util.logging holds loggers weakly: keep a reference, or the level is lost with the next GC.
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final List<CustomResourceDefinition> crds;

  private EmbeddedKubeApi(KubernetesMockServer server, List<CustomResourceDefinition> crds) {
    this.server = server;
    this.crds = crds;
  }

  /** Starts the server on a free loopback port and installs every Anvil CRD found on the classpath. */
  public static EmbeddedKubeApi start() {
    return start(0);
  }

  /** Starts the server on {@code port} (0 for a free one) and installs every Anvil CRD found on the classpath. */
  public static EmbeddedKubeApi start(int port) {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    var crds = loadCrds();
    var contexts = crds.stream().map(CustomResourceDefinitionContext::fromCrd).toList();
    // Mixed: stored objects (CRUD) plus a few canned answers for what CRUD cannot serve.
    var responses = new HashMap<ServerRequest, Queue<ServerResponse>>();
    var server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses, new ArrayList<>(contexts)), false);
    allowEverything(server);
    try {
      server.init(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the embedded Kubernetes API on port " + port, e);
    }
    var api = new EmbeddedKubeApi(server, crds);
    try (var client = api.newClient()) {
      crds.forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    }
    return api;
  }

  /**
   * Answers SelfSubjectRulesReviews with "everything allowed", as for a cluster admin: JOSDK asks one before it runs
   * leader election, and the CRUD store cannot answer it.
   */
  private static void allowEverything(KubernetesMockServer server) {
    var review = new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
        .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
        .endStatus().build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review).always();
  }

  private static List<CustomResourceDefinition> loadCrds() {
    var loader = EmbeddedKubeApi.class.getClassLoader();
    var crds = new ArrayList<CustomResourceDefinition>();
    for (var name : CRD_RESOURCES) {
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in != null) {
          crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (crds.isEmpty()) {
      throw new IllegalStateException("no Anvil CRD on the classpath: build the crds module first");
    }
    return crds;
  }

  /** A new client for this server; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(server.createClient().getConfiguration()).build();
  }

  /** The server's base URL, such as {@code http://127.0.0.1:41234/}. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort() + "/";
  }

  /** The mock server, to add canned answers (they take precedence over the stored objects). */
  public KubernetesMockServer server() {
    return server;
  }

  public int port() {
    return server.getPort();
  }

  public List<CustomResourceDefinition> crds() {
    return crds;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
