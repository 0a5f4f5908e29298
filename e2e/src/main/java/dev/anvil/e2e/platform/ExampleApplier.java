package dev.anvil.e2e.platform;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies the YAML files under a directory: every document of every file, Namespaces first, and kinds the API does
 * not serve skipped with a message.
 */
final class ExampleApplier {

  private final KubernetesClient client;
  private final PrintStream out;

  ExampleApplier(KubernetesClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  /** Every document of every {@code *.yaml}/{@code *.yml} under {@code dir}, in file name order. */
  List<HasMetadata> load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("examples directory " + dir.toAbsolutePath() + " does not exist");
    }
    var items = new ArrayList<HasMetadata>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (var file : files.filter(ExampleApplier::isYaml).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          items.addAll(client.load(in).items());
        } catch (RuntimeException e) {
          out.println("skipping " + dir.relativize(file) + ": not valid Kubernetes YAML (" + e.getMessage() + ")");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return items;
  }

  /** Creates the Namespaces among {@code items}; returns how many. */
  int applyNamespaces(List<HasMetadata> items) {
    var namespaces = items.stream().filter(Namespace.class::isInstance).toList();
    namespaces.forEach(this::create);
    return namespaces.size();
  }

  /** Creates everything but Namespaces; returns what was created. */
  List<HasMetadata> applyRest(List<HasMetadata> items) {
    var crds = client.apiextensions().v1().customResourceDefinitions().list().getItems();
    var created = new ArrayList<HasMetadata>();
    for (var item : items) {
      if (item instanceof Namespace) {
        continue;
      }
      if (item instanceof GenericKubernetesResource generic) {
        var crd = crdOf(crds, generic);
        if (crd == null) {
          out.println("skipping " + describe(item) + ": the API does not serve " + item.getApiVersion() + " "
              + item.getKind());
          continue;
        }
        if (item.getMetadata().getNamespace() == null && "Namespaced".equals(crd.getSpec().getScope())) {
          item.getMetadata().setNamespace("default");
        }
        ResourceDefinitionContext context = CustomResourceDefinitionContext.fromCrd(crd);
        if (createGeneric(context, generic)) {
          created.add(item);
        }
      } else if (create(item)) {
        created.add(item);
      }
    }
    return created;
  }

  private boolean create(HasMetadata item) {
    try {
      client.resource(item).create();
      out.println("applied " + describe(item));
      return true;
    } catch (KubernetesClientException e) {
      return rejected(item, e);
    }
  }

  private boolean createGeneric(ResourceDefinitionContext context, GenericKubernetesResource item) {
    try {
      var resources = client.genericKubernetesResources(context);
      var ns = item.getMetadata().getNamespace();
      (ns == null ? resources.resource(item) : resources.inNamespace(ns).resource(item)).create();
      out.println("applied " + describe(item));
      return true;
    } catch (KubernetesClientException e) {
      return rejected(item, e);
    }
  }

  private boolean rejected(HasMetadata item, KubernetesClientException e) {
    if (e.getCode() == 404) {
      out.println("skipping " + describe(item) + ": the API does not know " + item.getKind());
    } else if (e.getCode() == 409) {
      out.println("left " + describe(item) + " as it is: it already exists");
    } else {
      out.println("could not apply " + describe(item) + ": " + e.getMessage());
    }
    return false;
  }

  private static CustomResourceDefinition crdOf(List<CustomResourceDefinition> crds, GenericKubernetesResource item) {
    var apiVersion = item.getApiVersion() == null ? "" : item.getApiVersion();
    int slash = apiVersion.indexOf('/');
    if (slash < 0) {
      return null;
    }
    var group = apiVersion.substring(0, slash);
    var version = apiVersion.substring(slash + 1);
    return crds.stream()
        .filter(crd -> crd.getSpec().getGroup().equals(group) && crd.getSpec().getNames().getKind().equals(item.getKind()))
        .filter(crd -> crd.getSpec().getVersions().stream().anyMatch(v -> v.getName().equals(version)))
        .findFirst().orElse(null);
  }

  static String describe(HasMetadata item) {
    var ns = item.getMetadata().getNamespace();
    return item.getKind() + " " + (ns == null ? "" : ns + "/") + item.getMetadata().getName();
  }

  private static boolean isYaml(Path file) {
    var name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
