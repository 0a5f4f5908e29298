package dev.anvil.apiserver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.testing.EmbeddedKubeApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the backing API receives from an impersonating apiserver, for raw forwards and for the DSL (watches). */
class ImpersonationTest {

  private static EmbeddedKubeApi kube;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    kube = EmbeddedKubeApi.start();
    client = kube.newClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    kube.close();
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void bothWaysOfCallingCarryTheCallersUserAndGroups() throws Exception {
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("bob",
        null, List.of(new SimpleGrantedAuthority("GROUP_lab"))));
    var identity = new CallerIdentity(client, true);
    drain();
    new BackingApi(client, identity).send("GET", "/apis/anvil.dev/v1alpha1/namespaces/x/jobs", null, null, null);
    var raw = kube.server().takeRequest(10, TimeUnit.SECONDS);
    assertThat(raw.getHeader("Impersonate-User")).isEqualTo("bob");
    assertThat(raw.getHeaders().headers("Impersonate-Group")).containsExactly("lab");
    identity.client().genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("anvil.dev")
        .withVersion("v1alpha1").withPlural("jobs").withKind("Job").withNamespaced(true).build())
        .inNamespace("x").list();
    var dsl = kube.server().takeRequest(10, TimeUnit.SECONDS);
    assertThat(dsl.getHeader("Impersonate-User")).isEqualTo("bob");
    assertThat(dsl.getHeaders().headers("Impersonate-Group")).containsExactly("lab");
  }

  @Test
  void withoutACallerTheApiserverActsAsItself() throws Exception {
    drain();
    new BackingApi(client, new CallerIdentity(client, true)).send("GET", "/apis/anvil.dev/v1alpha1/namespaces/x/jobs",
        null, null, null);
    assertThat(kube.server().takeRequest(10, TimeUnit.SECONDS).getHeader("Impersonate-User")).isNull();
  }

  private static void drain() throws InterruptedException {
    while (kube.server().takeRequest(50, TimeUnit.MILLISECONDS) != null) {
      // requests of the CRD installation and earlier tests
    }
  }
}
