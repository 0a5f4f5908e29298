package dev.anvil.apiserver.kube;

/** Where one object (or collection) of a served resource lives on the backing API; same paths as kubectl's. */
public record ResourcePath(ServedResource resource, String namespace, String name) {

  /** The collection, {@code /apis/anvil.dev/v1alpha1[/namespaces/ns]/jobs}. */
  public String collection() {
    return "/apis/" + resource.apiVersion() + (namespace == null ? "" : "/namespaces/" + namespace) + "/"
        + resource.plural();
  }

  /** The object, {@code .../jobs/name}. */
  public String object() {
    return collection() + "/" + name;
  }

  /** The status subresource, {@code .../jobs/name/status}. */
  public String status() {
    return object() + "/status";
  }
}
