package dev.anvil.apiserver.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anvil.crds.v1alpha1.BmcHost;
import dev.anvil.crds.v1alpha1.Job;
import dev.anvil.crds.v1alpha1.Pipeline;
import dev.anvil.crds.v1alpha1.Workflow;
import dev.anvil.crds.validation.CrdValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The anvil.dev kinds this apiserver serves, read once from the generated CRDs on the classpath (the crds module). */
public final class ServedResources {

  public static final String GROUP = "anvil.dev";
  public static final String VERSION = "v1alpha1";
  private static final List<Class<? extends HasMetadata>> KINDS = List.of(Job.class, Pipeline.class, Workflow.class,
      BmcHost.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Map<String, ServedResource> byPlural;
  private final List<SubresourceRoute> extraSubresources;

  public ServedResources(List<SubresourceRoute> extraSubresources) {
    var resources = new LinkedHashMap<String, ServedResource>();
    for (var type : KINDS) {
      var resource = fromCrd(load(HasMetadata.getFullResourceName(type)), type);
      resources.put(resource.plural(), resource);
    }
    this.byPlural = Map.copyOf(resources);
    this.extraSubresources = List.copyOf(extraSubresources);
  }

  private static int rank(List<AdditionalPrinterColumn> declared, PrinterColumn column) {
    if (column.path().toString().equals(".metadata.creationTimestamp")) {
      return Integer.MAX_VALUE;
    }
    for (int i = 0; i < declared.size(); i++) {
      if (declared.get(i).name().equals(column.name())
          && declared.get(i).jsonPath().equals(column.path().toString())) {
        return i;
      }
    }
    return declared.size();
  }

  /** Every served kind, in a stable order (by plural). */
  public List<ServedResource> all() {
    return byPlural.values().stream().sorted((a, b) -> a.plural().compareTo(b.plural())).toList();
  }

  public Optional<ServedResource> byPlural(String plural) {
    return Optional.ofNullable(byPlural.get(plural));
  }

  /** Subresources served by other routes ({@code jobs/log}, ...), beside the {@code status} every kind has. */
  public List<SubresourceRoute> extraSubresources(String plural) {
    return extraSubresources.stream().filter(route -> route.resource().equals(plural)).toList();
  }

  private static CustomResourceDefinition load(String crdName) {
    var location = CrdValidator.GENERATED_CRD_LOCATION.formatted(crdName);
    try (var in = ServedResources.class.getClassLoader().getResourceAsStream(location)) {
      if (in == null) {
        throw new IllegalStateException("no CRD " + location + " on the classpath");
      }
      return SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The resource of {@code crd}, its printer columns in the order {@code type} declares them, Age last, as the crds
   * build finishes the committed CRDs (the generator's classpath copy sorts them by JSON path).
   */
  static ServedResource fromCrd(CustomResourceDefinition crd, Class<?> type) {
    var spec = crd.getSpec();
    var version = spec.getVersions().stream().filter(v -> VERSION.equals(v.getName())).findFirst()
        .orElseThrow(() -> new IllegalStateException(crd.getMetadata().getName() + " does not serve " + VERSION));
    var columns = new ArrayList<PrinterColumn>();
    for (var column : Objects.requireNonNullElse(version.getAdditionalPrinterColumns(),
        List.<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition>of())) {
      columns.add(new PrinterColumn(column.getName(), column.getType(), column.getFormat(),
          Objects.requireNonNullElse(column.getDescription(), ""),
          column.getPriority() == null ? 0 : column.getPriority(), ColumnPath.compile(column.getJsonPath())));
    }
    var declared = List.of(type.getAnnotationsByType(AdditionalPrinterColumn.class));
    columns.sort(Comparator.comparingInt(column -> rank(declared, column)));
    var names = spec.getNames();
    JsonNode schema = SERIALIZATION.convertValue(version.getSchema().getOpenAPIV3Schema(), JsonNode.class);
    return new ServedResource(spec.getGroup(), VERSION, names.getPlural(), names.getSingular(), names.getKind(),
        Objects.requireNonNullElse(names.getShortNames(), List.of()),
        Objects.requireNonNullElse(names.getCategories(), List.of()),
        version.getSubresources() != null && version.getSubresources().getStatus() != null, columns, schema,
        CrdValidator.of(crd));
  }
}
