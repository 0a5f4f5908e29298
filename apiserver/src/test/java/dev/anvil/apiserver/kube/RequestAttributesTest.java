package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.apiserver.kube.ResourceAuthorization.RequestAttributes;
import org.junit.jupiter.api.Test;

class RequestAttributesTest {

  private static final String BASE = "/apis/anvil.dev/v1alpha1";

  @Test
  void verbsFollowMethodPathAndWatch() {
    assertThat(RequestAttributes.of("GET", BASE + "/namespaces/lab/jobs", null))
        .isEqualTo(new RequestAttributes("list", "anvil.dev", "jobs", "", "lab", ""));
    assertThat(RequestAttributes.of("GET", BASE + "/namespaces/lab/jobs", "true").verb()).isEqualTo("watch");
    assertThat(RequestAttributes.of("GET", BASE + "/jobs", "1"))
        .isEqualTo(new RequestAttributes("watch", "anvil.dev", "jobs", "", "", ""));
    assertThat(RequestAttributes.of("GET", BASE + "/namespaces/lab/jobs/x", null).verb()).isEqualTo("get");
    assertThat(RequestAttributes.of("POST", BASE + "/namespaces/lab/jobs", null).verb()).isEqualTo("create");
    assertThat(RequestAttributes.of("PUT", BASE + "/namespaces/lab/workflows/w/status", null))
        .isEqualTo(new RequestAttributes("update", "anvil.dev", "workflows", "status", "lab", "w"));
    assertThat(RequestAttributes.of("PATCH", BASE + "/namespaces/lab/bmchosts/h", null).verb()).isEqualTo("patch");
    assertThat(RequestAttributes.of("DELETE", BASE + "/namespaces/lab/jobs/x", null).verb()).isEqualTo("delete");
    assertThat(RequestAttributes.of("DELETE", BASE + "/namespaces/lab/jobs", null).verb())
        .isEqualTo("deletecollection");
  }

  @Test
  void deadLettersAreASubresourceOfWorkflowsAlsoListedPerNamespace() {
    assertThat(RequestAttributes.of("GET", BASE + "/namespaces/lab/workflows/w/deadletters", null))
        .isEqualTo(new RequestAttributes("get", "anvil.dev", "workflows", "deadletters", "lab", "w"));
    assertThat(RequestAttributes.of("GET", BASE + "/namespaces/lab/deadletters", null))
        .isEqualTo(new RequestAttributes("list", "anvil.dev", "workflows", "deadletters", "lab", ""));
    assertThat(RequestAttributes.of("POST", BASE + "/namespaces/lab/workflows/w/replay", null))
        .isEqualTo(new RequestAttributes("create", "anvil.dev", "workflows", "replay", "lab", "w"));
  }

  @Test
  void coreNamespaceReadsAndDiscovery() {
    assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/lab", null))
        .isEqualTo(new RequestAttributes("get", "", "namespaces", "", "", "lab"));
    assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/lab/events", null))
        .isEqualTo(new RequestAttributes("list", "", "events", "", "lab", ""));
    assertThat(RequestAttributes.of("GET", BASE, null)).isNull();
    assertThat(RequestAttributes.of("GET", "/apis", null)).isNull();
  }
}
